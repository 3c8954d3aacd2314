using System.Net;
using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Many writers and readers at once: every answer and the final state are states some request asked for.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task TwoHundredConcurrentPatchesAllSucceedAndTheFinalStateIsOneOfThem()
    {
        await using var emulator = new EmulatorFactory();
        var roleIds = RoleCatalogTests.BuiltInRoleIds();
        // 200 different valid bodies: 190 cloud bodies with one to three roles, 10 onPremises bodies with none.
        var bodies = Enumerable.Range(0, 200).Select(i => i % 20 == 0
            ? """{"source":"onPremises","allowedRoles":[]}"""
            : JsonSerializer.Serialize(new { source = "cloud", allowedRoles = roleIds.Skip(i % roleIds.Count).Take(1 + i % 3).ToArray() }))
            .ToArray();
        var expected = bodies.Select(b => GraphAssert.Fingerprint(JsonDocument.Parse(b).RootElement)).ToHashSet();
        var initial = await emulator.SettingsFingerprintAsync();
        var client = emulator.CreateClient();

        var writers = bodies.Select(async body =>
        {
            var response = await client.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json(body));
            var answer = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
            // Each writer sees exactly its own write, never a mix with another.
            Assert.Equal(GraphAssert.Fingerprint(JsonDocument.Parse(body).RootElement), GraphAssert.Fingerprint(answer));
        });
        var readers = Enumerable.Range(0, 100).Select(async _ =>
        {
            var seen = GraphAssert.Fingerprint(await GraphAssert.JsonAsync(await client.GetAsync(EmulatorFactory.SettingsPath)));
            Assert.True(seen == initial || expected.Contains(seen), $"a reader saw a state nobody asked for: {seen}");
        });
        await Task.WhenAll(writers.Concat(readers));

        Assert.Contains(await emulator.SettingsFingerprintAsync(), expected);
    }
}
