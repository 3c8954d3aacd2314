using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using PhotoSettings.Testing;

namespace PhotoSettings.Emulator.Tests;

/// <summary>PhotoSettings.Testing's applications that sign in as production apps do: with a certificate, or as a managed identity.</summary>
public sealed class TestingSignInTests
{
    private const string Secret = "emulator-identity-secret-0123456789";
    private const string ResourceId = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/photo-sync";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly X509Certificate2 Certificate = ClientAssertions.Certificate(Start);

    private static async Task<HttpStatusCode> SignInAsync(InProcessEmulator emulator, Guid tenantId, Guid appId, X509Certificate2 certificate)
    {
        var assertion = ClientAssertions.Create(certificate, appId.ToString(), $"http://localhost/{tenantId}/oauth2/v2.0/token", emulator.Time.GetUtcNow());
        using var client = emulator.CreateClient();
        return (await client.PostAsync($"/{tenantId}/oauth2/v2.0/token", ClientAssertions.Form(appId.ToString(), assertion))).StatusCode;
    }

    [Fact]
    public async Task CertificatesAndManagedIdentitiesSurviveReadingATenantAndWritingItBack()
    {
        await using var emulator = new InProcessEmulator();
        var sync = TestApplication.WithCertificate(Guid.NewGuid(), "Photo Sync", Certificate, ["PeopleSettings.ReadWrite.All"]);
        var identity = TestApplication.Identity(Guid.NewGuid(), "Photo Function", ["PeopleSettings.Read.All"], ResourceId);
        var created = await emulator.CreateTenantAsync(TestTenant.CloudOnly("Signed In") with { Applications = [sync, identity] });

        var read = await emulator.GetTenantAsync(created.Id);
        await emulator.CreateTenantAsync(read with { DisplayName = "Signed In, renamed" });
        var again = await emulator.GetTenantAsync(created.Id);

        Assert.Equal("Signed In, renamed", again.DisplayName);
        var app = again.Applications.Single(a => a.AppId == sync.AppId);
        Assert.Null(app.ClientSecret);
        Assert.Equal([Certificate.Thumbprint], app.Certificates!.Select(c => c.Thumbprint));
        Assert.Equal(Certificate.ExportCertificatePem().Trim(), app.Certificates![0].Certificate.Trim());
        var function = again.Applications.Single(a => a.AppId == identity.AppId);
        Assert.Equal((true, ResourceId), (function.ManagedIdentity, function.ResourceId));
        Assert.Null(function.Certificates);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(emulator, created.Id, sync.AppId, Certificate));
    }

    [Fact]
    public async Task ACertificateRegisteredThroughThePackageSignsInUntilItIsRemoved()
    {
        await using var emulator = new InProcessEmulator();
        var app = new TestApplication(Guid.NewGuid(), "Photo Tool", "s3cret-value", ["PeopleSettings.Read.All"]);
        var tenant = await emulator.CreateTenantAsync(TestTenant.Hybrid("Certified") with { Applications = [app] });
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(emulator, tenant.Id, app.AppId, Certificate));

        var added = await emulator.AddCertificateAsync(tenant.Id, app.AppId, Certificate);

        Assert.Equal(Certificate.Thumbprint, added.Thumbprint);
        Assert.Equal([Certificate.Thumbprint], (await emulator.GetCertificatesAsync(tenant.Id, app.AppId)).Select(c => c.Thumbprint));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(emulator, tenant.Id, app.AppId, Certificate));
        var twice = await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.AddCertificateAsync(tenant.Id, app.AppId, Certificate));
        Assert.Contains("409", twice.Message);

        await emulator.RemoveCertificateAsync(tenant.Id, app.AppId, added.Thumbprint!);

        Assert.Empty(await emulator.GetCertificatesAsync(tenant.Id, app.AppId));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(emulator, tenant.Id, app.AppId, Certificate));
    }

    [Fact]
    public async Task TheManagedIdentityEnvironmentGetsTheIdentityATokenThatReadsTheSettings()
    {
        await using var emulator = new InProcessEmulator(new Dictionary<string, string?> { ["Emulator:ManagedIdentity:Secret"] = Secret });
        var identity = TestApplication.Identity(Guid.NewGuid(), "Photo Function", ["PeopleSettings.Read.All"]);
        var tenant = await emulator.CreateTenantAsync(TestTenant.CloudOnly("Managed") with { Applications = [identity] });

        var environment = await emulator.GetManagedIdentityEnvironmentAsync();

        Assert.Equal(new Uri(emulator.BaseAddress, "/_emulator/msi/token").ToString(), environment.IdentityEndpoint);
        Assert.Equal(Secret, environment.IdentityHeader);
        Assert.Equal(new Dictionary<string, string> { ["IDENTITY_ENDPOINT"] = environment.IdentityEndpoint, ["IDENTITY_HEADER"] = Secret },
            environment.ToDictionary());
        using var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, environment.IdentityEndpoint + "?resource=https://graph.microsoft.com&api-version=2019-08-01");
        request.Headers.Add("X-IDENTITY-HEADER", environment.IdentityHeader);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal(tenant.Id.ToString(), new JsonWebToken(token).GetPayloadValue<string>("tid"));
        using var graph = emulator.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await graph.GetAsync(WellKnown.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task TheManagedIdentityEnvironmentOfAnEmulatorWithTheEndpointOffIsARefusal()
    {
        await using var emulator = new InProcessEmulator(new Dictionary<string, string?> { ["Emulator:ManagedIdentity:Enabled"] = "false" });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.GetManagedIdentityEnvironmentAsync());

        Assert.Contains("404", refused.Message);
        Assert.Contains("Enabled=false", refused.Message);
    }
}
