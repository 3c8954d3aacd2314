using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The Graph document's security schemes: a bearer token, or Entra's client-credentials flow at the emulator's own token
/// endpoint, which Swagger UI runs with the built-in application's well-known secret.
/// </summary>
public sealed class SwaggerAuthTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    [Fact]
    public async Task TheGraphDocumentDeclaresBearerOrClientCredentialsForEveryCall()
    {
        var emulator = await shared.FreshAsync();

        var document = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/v1.json"));

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("http", schemes.GetProperty("bearer").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("oauth2", schemes.GetProperty("entra").GetProperty("type").GetString());
        var security = document.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name).ToArray();
        Assert.Equal(["bearer", "entra"], security);
    }

    [Fact]
    public async Task TheDocumentsTokenUrlIssuesATokenThatReadsTheSettings()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.ClientWith(null);
        var document = await GraphAssert.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var flow = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("entra").GetProperty("flows").GetProperty("clientCredentials");
        var scope = flow.GetProperty("scopes").EnumerateObject().Single().Name;

        // As Swagger UI sends it by default: the client's id and secret in a Basic header.
        using var request = new HttpRequestMessage(HttpMethod.Post, flow.GetProperty("tokenUrl").GetString())
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{DefaultTenants.AppId(DefaultTenants.CloudOnlyId)}:{DefaultTenants.AppSecret}")));
        var token = await GraphAssert.JsonAsync(await client.SendAsync(request));
        var read = await emulator.ClientWith(token.GetProperty("access_token").GetString()).GetAsync(EmulatorFactory.SettingsPath);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task SwaggerUiIsConfiguredWithTheBuiltInApplicationsClientId()
    {
        var emulator = await shared.FreshAsync();

        var config = await emulator.CreateClient().GetStringAsync("/swagger/index.js");

        Assert.Contains(DefaultTenants.AppId(DefaultTenants.CloudOnlyId), config, StringComparison.Ordinal);
    }
}
