using System.Net;
using System.Net.Http.Json;
using PhotoSettings.Testing;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Emulators hosted in one process share only what start-up makes once per process (the signing key): each keeps its own
/// tenants, settings, clocks and journal, so a suite that makes a host per test sees no other test's state.
/// </summary>
public sealed class InProcessIsolationTests
{
    private static readonly Guid Hybrid = WellKnown.HybridTenantId;

    [Fact]
    public async Task TwoEmulatorsInOneProcessShareNoTenantsSettingsClocksOrJournal()
    {
        await using var first = new InProcessEmulator();
        await using var second = new InProcessEmulator();
        var tenant = await first.CreateTenantAsync(TestTenant.CloudOnly("Only In The First"));
        using var firstApp = await first.CreateClientForAppAsync(Hybrid);
        using var secondApp = await second.CreateClientForAppAsync(Hybrid);

        var patch = await firstApp.PatchAsync(WellKnown.SettingsPath, JsonContent.Create(new { source = "cloud", allowedRoles = new[] { WellKnown.UserAdministrator } }));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Single((await first.GetSettingsStateAsync(Hybrid)).Pending);
        Assert.Empty((await second.GetSettingsStateAsync(Hybrid)).Pending);
        var firstClock = await first.AdvanceClockAsync(TimeSpan.FromHours(24));
        first.Time.Advance(TimeSpan.FromHours(1));

        using var control = second.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await control.GetAsync($"/_emulator/tenants/{tenant.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync($"/_emulator/tenants/{tenant.Id}")).StatusCode);
        Assert.Equal([WellKnown.UserAdministrator], (await first.GetSettingsStateAsync(Hybrid)).Effective.AllowedRoles);
        var secondState = await second.GetSettingsStateAsync(Hybrid);
        Assert.Empty(secondState.Configured.AllowedRoles);
        Assert.Empty(secondState.Pending);
        var secondClock = await second.AdvanceClockAsync(TimeSpan.Zero);
        Assert.Equal(firstClock.Now - TimeSpan.FromHours(24), secondClock.Now);
        Assert.Equal(firstClock.Now + TimeSpan.FromHours(1), (await first.AdvanceClockAsync(TimeSpan.Zero)).Now);
        Assert.Single(await first.GetRequestsAsync(path: WellKnown.SettingsPath));
        Assert.Empty(await second.GetRequestsAsync(path: WellKnown.SettingsPath));
        Assert.Equal(HttpStatusCode.OK, (await secondApp.GetAsync(WellKnown.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task ATokenOneEmulatorMintedVerifiesInStrictModeAtAnotherInTheSameProcess()
    {
        var strict = new Dictionary<string, string?> { ["Emulator:Auth:Mode"] = "Strict" };
        await using var minter = new InProcessEmulator(strict);
        await using var reader = new InProcessEmulator(strict);
        var token = await minter.MintTokenAsync(new TokenRequest(Hybrid));

        using var response = await reader.CreateClient(token).GetAsync(WellKnown.SettingsPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.CreateClient(token[..^4] + "AAAA").GetAsync(WellKnown.SettingsPath)).StatusCode);
    }
}
