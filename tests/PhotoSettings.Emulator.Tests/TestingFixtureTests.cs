using System.Net;
using System.Net.Http.Json;
using PhotoSettings.Testing;

namespace PhotoSettings.Emulator.Tests;

/// <summary>PhotoSettings.Testing, in-process and against a running emulator: the same five-line tests work on both.</summary>
public sealed class TestingFixtureTests
{
    [Fact]
    public async Task InProcessTheFixtureCreatesTenantsMintsTokensAndMovesTime()
    {
        await using var emulator = new InProcessEmulator();

        await ScenarioAsync(emulator);

        // In-process, the FakeTimeProvider moves the whole emulator, tokens included.
        var before = (await emulator.GetSettingsStateAsync(WellKnown.HybridTenantId)).Now;
        emulator.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(before + TimeSpan.FromHours(3), (await emulator.GetSettingsStateAsync(WellKnown.HybridTenantId)).Now);
    }

    [Trait("Category", "Process")]
    [Fact]
    public async Task OutOfProcessTheSameScenarioRunsAgainstARunningEmulator()
    {
        await using var process = await EmulatorProcess.StartAsync(("Emulator__Control__ApiKey", "k3y"));
        await using var emulator = new RemoteEmulator(process.BaseAddress, apiKey: "k3y");

        await ScenarioAsync(emulator);

        await using var wrongKey = new RemoteEmulator(process.BaseAddress, apiKey: "nope");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => wrongKey.ResetTenantAsync(WellKnown.HybridTenantId));
        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task InProcessSettingsApplyAsConfigured()
    {
        await using var emulator = new InProcessEmulator(new Dictionary<string, string?> { ["Emulator:Propagation:Delay"] = "00:00:00" });
        var tenant = await emulator.CreateTenantAsync(TestTenant.Hybrid("Instant"));
        var admin = await emulator.CreateClientForAppAsync(tenant.Id);

        (await admin.PatchAsJsonAsync(WellKnown.SettingsPath, new { source = "onPremises" })).EnsureSuccessStatusCode();

        Assert.Equal("onPremises", (await emulator.GetSettingsStateAsync(tenant.Id)).Effective.Source);
    }

    /// <summary>A tenant, a user, a block, a day: what a user's test does.</summary>
    private static async Task ScenarioAsync(PhotoSettingsEmulator emulator)
    {
        var kim = new TestUser(Guid.NewGuid(), "kim@fixture.test", "Kim", []);
        var tenant = await emulator.CreateTenantAsync(TestTenant.CloudOnly("Fixture Co") with { Users = [kim] });
        var admin = await emulator.CreateClientForAppAsync(tenant.Id);
        var user = await emulator.CreateClientForUserAsync(tenant.Id, kim.UserPrincipalName);

        var patch = await admin.PatchAsJsonAsync(WellKnown.SettingsPath, new { source = "cloud", allowedRoles = new[] { WellKnown.UserAdministrator } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var state = await emulator.GetSettingsStateAsync(tenant.Id);
        Assert.Equal([WellKnown.UserAdministrator], state.Configured.AllowedRoles);
        Assert.Empty(state.Effective.AllowedRoles);
        Assert.Single(state.Pending);
        Assert.Equal(HttpStatusCode.OK, (await user.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        var clock = await emulator.AdvanceTenantClockAsync(tenant.Id, TimeSpan.FromHours(24));
        Assert.Equal("P1D", clock.Offset);
        Assert.Equal([WellKnown.UserAdministrator], (await emulator.GetSettingsStateAsync(tenant.Id)).Effective.AllowedRoles);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        await emulator.ResetTenantAsync(tenant.Id);
        Assert.Empty((await emulator.GetSettingsStateAsync(tenant.Id)).Pending);
        await emulator.DeleteTenantAsync(tenant.Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.GetSettingsStateAsync(tenant.Id));
    }
}
