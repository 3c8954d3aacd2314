using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Tokens already read are kept: what a caller sees must not change because of it.</summary>
public sealed class TokenCacheTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Fact]
    public async Task ATokenAcceptedBeforeIsRefusedOnceItExpiresOnTheEmulatorsClockAndStaysRefused()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.ClientWith(emulator.AppToken(Hybrid, lifetime: TimeSpan.FromMinutes(10)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);

        emulator.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await GraphAssert.ErrorAsync(await client.GetAsync(EmulatorFactory.SettingsPath), HttpStatusCode.Unauthorized,
                "InvalidAuthenticationToken", emulator.Time.GetUtcNow(), "Access token has expired or is not yet valid.");
        }
    }

    [Fact]
    public async Task ATokenRefusedAsNotYetValidIsAcceptedOnceItsTimeComes()
    {
        await using var emulator = new EmulatorFactory();
        var now = emulator.Time.GetUtcNow();
        var token = Tokens.Unsigned(Tokens.Claims(now, Hybrid, ("nbf", now.AddMinutes(10).ToUnixTimeSeconds()), ("roles", new[] { "PeopleSettings.Read.All" })));
        var client = emulator.ClientWith(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);

        emulator.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task TwoTokensOfOneTenantKeepTheirOwnPermissions()
    {
        await using var emulator = new EmulatorFactory();
        var reader = emulator.ClientWith(emulator.AppToken(Hybrid, ["PeopleSettings.Read.All"]));
        var writer = emulator.ClientWith(emulator.AppToken(Hybrid, ["PeopleSettings.ReadWrite.All"]));
        var body = """{"source":"cloud"}""";

        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json(body))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await writer.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json(body))).StatusCode);
        }
    }

    [Fact]
    public async Task LargeTokensBeyondTheCachesByteBudgetEachStillNameTheirOwnTenantAndTheCacheStaysWithinIt()
    {
        // Each token carries 8 KB of padding (about 11,000 characters encoded, under the Authorization limit), so a couple of hundred of them weigh more than the cache may hold.
        await using var emulator = new EmulatorFactory().With("Emulator:Tenants:AutoProvisionLimit", "1000");
        var now = emulator.Time.GetUtcNow();
        var padding = new string('p', 8 * 1024);
        var weight = AccessTokenReader.WeightOf("Bearer " + Tokens.Unsigned(Tokens.Claims(now, Guid.Empty, ("roles", new[] { "PeopleSettings.Read.All" }), ("pad", padding))));
        var count = (int)(AccessTokenReader.CacheBudgetBytes / weight) + 20;
        var tenants = Enumerable.Range(1, count).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
        var tokens = tenants.Select(t => Tokens.Unsigned(Tokens.Claims(now, t, ("roles", new[] { "PeopleSettings.Read.All" }), ("pad", padding)))).ToArray();
        var client = emulator.CreateClient();
        var reader = emulator.Services.GetRequiredService<AccessTokenReader>();

        foreach (var i in Enumerable.Range(0, tokens.Length).Concat(Enumerable.Range(0, 10)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, EmulatorFactory.SettingsPath);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens[i]);
            var settings = await GraphAssert.SuccessAsync(await client.SendAsync(request), HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Null, settings.GetProperty("source").ValueKind);
            Assert.Equal(tenants[i].ToString(), await emulator.TenantOfLastRequestAsync());
            Assert.InRange(reader.CachedBytes, 0, AccessTokenReader.CacheBudgetBytes);
        }

        // The cache refilled rather than grew: it holds fewer tokens than were read.
        Assert.InRange(reader.CachedCount, 1, count - 1);
        Assert.Equal(reader.CachedCount * weight, reader.CachedBytes);
    }
}
