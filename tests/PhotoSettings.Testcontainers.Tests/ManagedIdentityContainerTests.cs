using System.Net;
using System.Net.Http.Json;
using PhotoSettings.Testing;

namespace PhotoSettings.Testcontainers.Tests;

/// <summary>The managed-identity environment a container hands a client: the mapped endpoint and the secret the builder fixed.</summary>
[Collection(EmulatorImageCollection.Name)]
[Trait("Category", "Process")]
public sealed class ManagedIdentityContainerTests(EmulatorImageFixture image)
{
    private const string Secret = "container-identity-secret-0123456789";

    [ContainerFact]
    public async Task TheEnvironmentGetsTheContainersIdentityATokenThatReadsTheSettings()
    {
        _ = image;
        await using var container = new PhotoSettingsBuilder().WithManagedIdentity(Secret).Build();
        await container.StartAsync();
        await using var emulator = container.CreateRemoteEmulator();
        var identity = TestApplication.Identity(Guid.NewGuid(), "Photo Function", ["PeopleSettings.Read.All"]);
        await emulator.CreateTenantAsync(TestTenant.CloudOnly("Managed") with { Applications = [identity] });

        var environment = container.GetManagedIdentityEnvironment();

        Assert.Equal(new Uri(container.GetBaseAddress(), "/_emulator/msi/token").ToString(), environment.IdentityEndpoint);
        Assert.Equal(Secret, environment.IdentityHeader);
        // What the emulator itself says, asked at the same address.
        Assert.Equal(await emulator.GetManagedIdentityEnvironmentAsync(), environment);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, environment.IdentityEndpoint + "?resource=https://graph.microsoft.com&api-version=2019-08-01");
        request.Headers.Add("X-IDENTITY-HEADER", environment.IdentityHeader);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!;
        Assert.Equal(identity.AppId.ToString(), token["client_id"].ToString());
        using var graph = emulator.CreateClient(token["access_token"].ToString());
        Assert.Equal(HttpStatusCode.OK, (await graph.GetAsync(WellKnown.SettingsPath)).StatusCode);
    }

    [ContainerFact]
    public async Task TheEnvironmentOfAContainerBuiltWithoutAManagedIdentityIsRefused()
    {
        await using var container = new PhotoSettingsBuilder().Build();

        var refused = Assert.Throws<InvalidOperationException>(container.GetManagedIdentityEnvironment);

        Assert.Contains("WithManagedIdentity()", refused.Message);
    }
}
