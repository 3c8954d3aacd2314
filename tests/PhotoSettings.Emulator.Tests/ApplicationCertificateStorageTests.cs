using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PhotoSettings.Emulator.Tests;

/// <summary>An application's certificates and managed-identity flag kept by the SQLite store across a restart.</summary>
public sealed class ApplicationCertificateStorageTests : IDisposable
{
    private static readonly Guid TenantId = Guid.Parse("fab10000-0000-4000-8000-000000000004");
    private const string AppId = "fab10000-0000-4000-8000-0000000000a4";
    private readonly string _folder = Directory.CreateTempSubdirectory("photosettings-certs-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private EmulatorFactory Sqlite() => new EmulatorFactory()
        .With("Emulator:Storage:Provider", "Sqlite")
        .With("Emulator:Storage:Path", Path.Combine(_folder, "state.db"));

    [Fact]
    public async Task ACertificateAddedThroughTheControlApiSignsInAfterARestart()
    {
        using var certificate = ClientAssertions.Certificate(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero), "CN=kept");
        await using (var first = Sqlite())
        {
            var client = first.CreateClient();
            var tenant = JsonSerializer.Serialize(new
            {
                id = TenantId.ToString(),
                displayName = "Fabrikam",
                applications = new[] { new { appId = AppId, displayName = "Kept", roles = new[] { "PeopleSettings.Read.All" }, managedIdentity = true } },
            });
            Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/_emulator/tenants/{TenantId}", EmulatorFactory.Json(tenant))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/_emulator/tenants/{TenantId}/applications/{AppId}/certificates",
                EmulatorFactory.Json(JsonSerializer.Serialize(new { certificate = ClientAssertions.Pem(certificate) })))).StatusCode);
        }

        await using var second = Sqlite();
        var assertion = ClientAssertions.Create(certificate, AppId, $"http://localhost/{TenantId}/oauth2/v2.0/token", second.Time.GetUtcNow());

        var response = await second.ClientWith(null).PostAsync($"/{TenantId}/oauth2/v2.0/token", ClientAssertions.Form(AppId, assertion));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var application = (await GraphAssert.JsonAsync(await second.CreateClient().GetAsync($"/_emulator/tenants/{TenantId}"))).GetProperty("applications")[0];
        Assert.True(application.GetProperty("managedIdentity").GetBoolean());
        Assert.Equal(certificate.Thumbprint, application.GetProperty("certificates")[0].GetProperty("thumbprint").GetString());
    }
}
