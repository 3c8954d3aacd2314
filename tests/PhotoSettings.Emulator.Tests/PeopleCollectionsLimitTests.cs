using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;
using Xunit.Abstractions;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// What a people collection's history can cost: an item and a collection are bounded in bytes, and a tenant keeps at
/// most 100 pending versions of a collection, so a timeline page and a state export stay within tens of MB (probe F3).
/// </summary>
public sealed class PeopleCollectionsLimitTests(SharedEmulator shared, ITestOutputHelper output) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    /// <summary>A profile source of about 12.7 KB as JSON: six localizations, each with a 2,000-character link.</summary>
    private static string HeavySource(int i, string name = "S") =>
        $$"""{"sourceId":"s{{i}}","displayName":"{{name}}","localizations":[{{string.Join(',', Enumerable.Range(0, 6).Select(l =>
            $$"""{"languageTag":"{{new[] { "de", "fr", "es", "it", "nl", "pt" }[l]}}","webUrl":"https://hr.contoso.test/{{new string('x', 2000)}}"}"""))}}]}""";

    [Fact]
    public async Task AnItemOverSixteenKibibytesIsRefusedNamingTheBoundAndChangesNothing()
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        var urls = string.Join(',', Enumerable.Range(0, 9).Select(i => $"\"https://hr{i}.contoso.test/{new string('x', 2000)}\""));

        var response = await client.PostAsync("/beta/admin/people/profilePropertySettings", EmulatorFactory.Json($$"""{"displayName":"Big","prioritizedSourceUrls":[{{urls}}]}"""));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "at most 16384 bytes (16 KiB)");
        Assert.Equal("0", await client.GetStringAsync("/beta/admin/people/profilePropertySettings/$count"));
    }

    [Fact]
    public async Task ACollectionOverOneHundredTwentyEightKibibytesIsRefusedOnPostAndPatchNamingTheBound()
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        const string Path = "/v1.0/admin/people/profileSources";
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Path, EmulatorFactory.Json(HeavySource(i)))).StatusCode);
        }

        var small = await GraphAssert.SuccessAsync(await client.PostAsync(Path, EmulatorFactory.Json("""{"sourceId":"small","displayName":"S"}""")), HttpStatusCode.Created);
        var before = await client.GetStringAsync(Path);

        var posted = await client.PostAsync(Path, EmulatorFactory.Json(HeavySource(10)));
        var patched = await client.PatchAsync($"{Path}/{small.GetProperty("id").GetString()}", EmulatorFactory.Json(HeavySource(99)[..^1].Replace("\"sourceId\":\"s99\",", "", StringComparison.Ordinal) + "}"));

        await GraphAssert.ErrorAsync(posted, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "at most 131072 bytes (128 KiB) per collection");
        await GraphAssert.ErrorAsync(patched, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "at most 131072 bytes (128 KiB) per collection");
        Assert.Equal(before, await client.GetStringAsync(Path));
    }

    /// <summary>The worst case at the caps, measured: a full collection rewritten past the pending cap, then a whole timeline page and a state export.</summary>
    [Fact]
    public async Task AFullCollectionsTimelineAndExportStayWithinTensOfMegabytes()
    {
        await using var emulator = new EmulatorFactory();
        var client = PeopleCollectionsTests.Admin(emulator);
        const string Path = "/beta/admin/people/profileSources";
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Path, EmulatorFactory.Json(HeavySource(i)))).StatusCode);
        }

        for (var v = 0; v < 110; v++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"{Path}(sourceId='s0')", EmulatorFactory.Json($$"""{"displayName":"v{{v}}"}"""))).StatusCode);
        }

        var control = emulator.CreateClient();
        var timeline = await control.GetByteArrayAsync($"/_emulator/tenants/{Hybrid}/settings/profileSources/timeline?limit=1000");
        var export = await control.GetByteArrayAsync("/_emulator/state");
        output.WriteLine($"timeline page {timeline.Length} bytes, state export {export.Length} bytes");

        using var page = JsonDocument.Parse(timeline);
        Assert.Equal(100, page.RootElement.GetProperty("pendingTotal").GetInt32());
        Assert.Equal(20, page.RootElement.GetProperty("superseded").GetInt32());
        Assert.InRange(timeline.Length, 10_000_000, 14_000_000);
        Assert.InRange(export.Length, 10_000_000, 14_000_000);
    }
}
