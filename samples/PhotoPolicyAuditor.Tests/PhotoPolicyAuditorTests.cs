using System.Net.Http.Json;
using PhotoSettings.Testing;

namespace PhotoPolicyAuditor.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class PhotoPolicyAuditorTests(EmulatorFixture fixture)
{
    private readonly InProcessEmulator _emulator = fixture.Emulator;

    [Fact]
    public async Task AnUnrestrictedTenantLetsEveryoneChangeTheirPhoto()
    {
        var tenant = await _emulator.CreateTenantAsync(TestTenant.CloudOnly("Auditor test, open"));
        var graph = await _emulator.CreateClientForAppAsync(tenant.Id, ["PeopleSettings.Read.All"]);

        var report = await new PhotoPolicyAuditor(graph).AuditAsync();

        Assert.Equal("Everyone may change their own profile photo.", report.Verdict);
    }

    [Fact]
    public async Task ARestrictedTenantNamesTheAllowedRoles()
    {
        var tenant = await _emulator.CreateTenantAsync(TestTenant.CloudOnly("Auditor test, restricted"));
        var admin = await _emulator.CreateClientForAppAsync(tenant.Id);
        var patch = await admin.PatchAsJsonAsync(WellKnown.SettingsPath,
            new { source = "cloud", allowedRoles = new[] { WellKnown.UserAdministrator, WellKnown.GlobalAdministrator } });
        patch.EnsureSuccessStatusCode();

        var report = await new PhotoPolicyAuditor(admin).AuditAsync();

        Assert.Equal("Only holders of User Administrator or Global Administrator may change profile photos.", report.Verdict);
        Assert.Equal(["User Administrator", "Global Administrator"], report.AllowedRoles);
    }

    [Fact]
    public async Task AnOnPremisesTenantIsReportedAsManagedOnPremises()
    {
        var tenant = await _emulator.CreateTenantAsync(TestTenant.Hybrid("Auditor test, hybrid"));
        var admin = await _emulator.CreateClientForAppAsync(tenant.Id);
        (await admin.PatchAsJsonAsync(WellKnown.SettingsPath, new { source = "onPremises", allowedRoles = Array.Empty<string>() })).EnsureSuccessStatusCode();

        var report = await new PhotoPolicyAuditor(admin).AuditAsync();

        Assert.True(report.ManagedOnPremises);
        // The auditor reads what is configured; the emulator also knows it is not in effect for a day yet.
        var state = await _emulator.GetSettingsStateAsync(tenant.Id);
        Assert.Equal("onPremises", state.Configured.Source);
        Assert.Null(state.Effective.Source); // a new tenant's unset source, until the change matures
        await _emulator.AdvanceTenantClockAsync(tenant.Id, TimeSpan.FromHours(24));
        Assert.Equal("onPremises", (await _emulator.GetSettingsStateAsync(tenant.Id)).Effective.Source);
    }

    [Fact]
    public async Task AUserWithoutAnAdminRoleGetsAClearRefusalNotACrash()
    {
        var tenant = await _emulator.CreateTenantAsync(TestTenant.CloudOnly("Auditor test, no role") with
        {
            Users = [new TestUser(Guid.NewGuid(), "kim@auditor.test", "Kim", [])],
        });
        var kim = await _emulator.CreateClientForUserAsync(tenant.Id, "kim@auditor.test", ["PeopleSettings.Read.All"]);

        var report = await new PhotoPolicyAuditor(kim).AuditAsync();

        Assert.Equal("Cannot audit: Authorization_RequestDenied (Insufficient privileges to complete the operation.)", report.Verdict);
    }
}
