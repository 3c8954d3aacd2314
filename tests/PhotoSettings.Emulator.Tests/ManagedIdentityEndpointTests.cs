using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The App Service-shaped managed-identity endpoint, by raw requests.</summary>
public sealed class ManagedIdentityEndpointTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid TenantId = Guid.Parse("fab10000-0000-4000-8000-000000000003");
    private const string SystemAssigned = "fab10000-0000-4000-8000-0000000000b1";
    private const string UserAssigned = "fab10000-0000-4000-8000-0000000000b2";
    private const string ResourceId = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/photo-sync";

    private static string Tenant(bool both) => JsonSerializer.Serialize(new
    {
        id = TenantId.ToString(),
        displayName = "Fabrikam",
        applications = new object[]
        {
            new { appId = SystemAssigned, displayName = "Photo Function", roles = new[] { "PeopleSettings.Read.All" }, managedIdentity = true },
            new { appId = UserAssigned, displayName = "Photo Sync", roles = new[] { "PeopleSettings.ReadWrite.All" }, managedIdentity = true, resourceId = ResourceId },
        }.Take(both ? 2 : 1),
    });

    private async Task<(EmulatorFactory Emulator, HttpClient Client, string Endpoint, string Secret)> WithIdentitiesAsync(bool both = true)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/_emulator/tenants/{TenantId}", EmulatorFactory.Json(Tenant(both)))).StatusCode);
        var environment = await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/managed-identity"));
        return (emulator, emulator.ClientWith(null), environment.GetProperty("IDENTITY_ENDPOINT").GetString()!, environment.GetProperty("IDENTITY_HEADER").GetString()!);
    }

    private static HttpRequestMessage Request(string endpoint, string? secret, string query = "resource=https://graph.microsoft.com&api-version=2019-08-01")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{new Uri(endpoint).PathAndQuery}?{query}");
        if (secret is not null)
        {
            request.Headers.Add("X-IDENTITY-HEADER", secret);
        }

        return request;
    }

    [Fact]
    public async Task TheEnvironmentNamesTheEndpointOnTheCallersHostAndAGeneratedSecret()
    {
        var (_, _, endpoint, secret) = await WithIdentitiesAsync();

        Assert.Equal("http://localhost/_emulator/msi/token", endpoint);
        Assert.True(secret.Length >= 32, secret);
    }

    [Fact]
    public async Task TheOnlySystemAssignedIdentityGetsAGraphTokenWithItsPermissionsThatReadsTheSettings()
    {
        var (emulator, client, endpoint, secret) = await WithIdentitiesAsync(both: false);

        var response = await client.SendAsync(Request(endpoint, secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GraphAssert.JsonAsync(response);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("https://graph.microsoft.com", body.GetProperty("resource").GetString());
        Assert.Equal(SystemAssigned, body.GetProperty("client_id").GetString());
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal((emulator.Time.GetUtcNow() + TimeSpan.FromSeconds(3599)).ToUnixTimeSeconds().ToString(), body.GetProperty("expires_on").GetString());
        Assert.Equal(TenantId.ToString(), token.GetPayloadValue<string>("tid"));
        Assert.Equal(["PeopleSettings.Read.All"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        await GraphAssert.SuccessAsync(await emulator.ClientWith(token.EncodedToken).GetAsync(EmulatorFactory.SettingsPath), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("client_id", UserAssigned)]
    [InlineData("mi_res_id", ResourceId)]
    [InlineData("principal_id", "oid")]
    [InlineData("object_id", "oid")]
    public async Task AUserAssignedIdentityIsChosenByClientIdResourceIdOrPrincipalId(string selector, string value)
    {
        var (_, client, endpoint, secret) = await WithIdentitiesAsync();
        if (value == "oid")
        {
            var viaClientId = await GraphAssert.JsonAsync(await client.SendAsync(Request(endpoint, secret,
                $"resource=https://graph.microsoft.com&api-version=2019-08-01&client_id={UserAssigned}")));
            value = new JsonWebToken(viaClientId.GetProperty("access_token").GetString()).GetPayloadValue<string>("oid");
        }

        var response = await client.SendAsync(Request(endpoint, secret,
            $"resource=https%3A%2F%2Fgraph.microsoft.com%2F&api-version=2019-08-01&{selector}={Uri.EscapeDataString(value)}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UserAssigned, (await GraphAssert.JsonAsync(response)).GetProperty("client_id").GetString());
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals => new()
    {
        { "no header", HttpStatusCode.Unauthorized, "X-IDENTITY-HEADER" },
        { "wrong header", HttpStatusCode.Unauthorized, "X-IDENTITY-HEADER" },
        { "unknown resource", HttpStatusCode.BadRequest, "AADSTS500011" },
        { "no resource", HttpStatusCode.BadRequest, "resource" },
        { "old api-version", HttpStatusCode.BadRequest, "api-version" },
        { "unknown client_id", HttpStatusCode.BadRequest, "No User Assigned or Delegated Managed Identity found" },
        { "two selectors", HttpStatusCode.BadRequest, "one way" },
        { "several system-assigned", HttpStatusCode.BadRequest, "client_id" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EachBadRequestGetsAppServicesErrorJsonAndNoToken(string fault, HttpStatusCode status, string message)
    {
        var (_, client, endpoint, secret) = await WithIdentitiesAsync();
        var query = fault switch
        {
            "unknown resource" => "resource=https://vault.azure.net&api-version=2019-08-01",
            "no resource" => "api-version=2019-08-01",
            "old api-version" => "resource=https://graph.microsoft.com&api-version=2017-09-01",
            "unknown client_id" => $"resource=https://graph.microsoft.com&api-version=2019-08-01&client_id={Guid.NewGuid()}",
            "two selectors" => $"resource=https://graph.microsoft.com&api-version=2019-08-01&client_id={UserAssigned}&mi_res_id=x",
            _ => "resource=https://graph.microsoft.com&api-version=2019-08-01",
        };
        var sent = fault switch { "no header" => null, "wrong header" => secret + "x", _ => secret };

        var response = await client.SendAsync(Request(endpoint, sent, query));

        Assert.Equal(status, response.StatusCode);
        var body = await GraphAssert.JsonAsync(response);
        Assert.Equal((int)status, body.GetProperty("statusCode").GetInt32());
        Assert.Contains(message, body.GetProperty("message").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("correlationId").GetString(), out _));
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task AConfiguredSecretAndClientIdServeARequestNamingNoIdentityAsThatApplication()
    {
        var appId = PhotoSettings.Emulator.Tenants.DefaultTenants.AppId(PhotoSettings.Emulator.Tenants.DefaultTenants.HybridId);
        await using var emulator = new EmulatorFactory()
            .With("Emulator:ManagedIdentity:Secret", "a-configured-secret-of-32-chars!")
            .With("Emulator:ManagedIdentity:ClientId", appId);
        var client = emulator.ClientWith(null);

        var environment = await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/managed-identity"));
        var response = await client.SendAsync(Request("http://localhost/_emulator/msi/token", "a-configured-secret-of-32-chars!"));

        Assert.Equal("a-configured-secret-of-32-chars!", environment.GetProperty("IDENTITY_HEADER").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(appId, (await GraphAssert.JsonAsync(response)).GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task TurnedOffTheEndpointAndItsEnvironmentAre404()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:ManagedIdentity:Enabled", "false");
        var client = emulator.ClientWith(null);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/_emulator/managed-identity")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Request("http://localhost/_emulator/msi/token", "anything-at-all-16"))).StatusCode);
    }

    [Theory]
    [InlineData("Emulator:ManagedIdentity:Secret", "short")]
    [InlineData("Emulator:ManagedIdentity:Secret", "a secret with spaces in it")]
    [InlineData("Emulator:ManagedIdentity:ClientId", "not-a-guid")]
    public void ABadManagedIdentityOptionStopsTheStartNamingIt(string option, string value)
    {
        using var emulator = new EmulatorFactory().With(option, value);

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains(option, error.ToString(), StringComparison.Ordinal);
    }
}
