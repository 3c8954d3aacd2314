using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Authentication.Azure;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Unmodified clients at their default hosts (https://graph.microsoft.com, https://login.microsoftonline.com) reach the
/// emulator through its proxy, with only the proxy and the trust configured, and the journal sees Microsoft's host names.
/// </summary>
[Trait("Category", "Process")]
public sealed class ProxyClientTests(ProxyEmulator proxy) : IClassFixture<ProxyEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly Uri Settings = new("https://graph.microsoft.com/beta/admin/people/photoUpdateSettings");

    [Fact]
    public async Task TheGraphSdkWithClientSecretCredentialAtItsDefaultsReadsPatchesAndUploadsAPhotoThroughTheProxy()
    {
        // No authority, no base URL, instance discovery left on: what an app in production configuration does.
        var credential = new ClientSecretCredential(Hybrid.ToString(), DefaultTenants.AppId(Hybrid), DefaultTenants.AppSecret,
            new ClientSecretCredentialOptions { Transport = new HttpClientTransport(proxy.TrustingHandler()) });

        await ReadPatchAndUploadThroughTheProxyAsync(credential);
    }

    [Fact]
    public async Task TheGraphSdkWithClientCertificateCredentialAtItsDefaultsReadsPatchesAndUploadsAPhotoThroughTheProxy()
    {
        // The assertion's audience is https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token, as MSAL builds it.
        using var certificate = ClientAssertions.Certificate(TimeProvider.System.GetUtcNow());
        var added = await proxy.Emulator.CreateClient().PostAsync($"/_emulator/tenants/{Hybrid}/applications/{DefaultTenants.AppId(Hybrid)}/certificates",
            EmulatorFactory.Json(JsonSerializer.Serialize(new { certificate = ClientAssertions.Pem(certificate) })));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        try
        {
            var credential = new ClientCertificateCredential(Hybrid.ToString(), DefaultTenants.AppId(Hybrid), certificate,
                new ClientCertificateCredentialOptions { Transport = new HttpClientTransport(proxy.TrustingHandler()) });

            await ReadPatchAndUploadThroughTheProxyAsync(credential);
        }
        finally
        {
            // The class's other tests sign in with the secret, which a certificate does not turn off; remove it all the same.
            await proxy.Emulator.CreateClient().DeleteAsync(
                $"/_emulator/tenants/{Hybrid}/applications/{DefaultTenants.AppId(Hybrid)}/certificates/{certificate.Thumbprint}");
        }
    }

    /// <summary>
    /// The Graph SDK at its default base URL with <paramref name="credential"/>, only the proxy and the trust configured:
    /// reads and patches photoUpdateSettings, uploads a photo, and finds every request in the journal under graph.microsoft.com.
    /// </summary>
    private async Task ReadPatchAndUploadThroughTheProxyAsync(Azure.Core.TokenCredential credential)
    {
        await proxy.Emulator.CreateClient().DeleteAsync("/_emulator/requests");
        using var http = GraphClientFactory.Create(finalHandler: proxy.TrustingHandler());
        var graph = new GraphServiceClient(http, new AzureIdentityAuthenticationProvider(credential, scopes: ["https://graph.microsoft.com/.default"]));
        Assert.Equal("https://graph.microsoft.com/v1.0", graph.RequestAdapter.BaseUrl);

        var read = await GraphSdk.SendAsync(graph, Method.GET, Settings);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("source").ValueKind);
        Assert.False(read.TryGetProperty("id", out _));

        var patched = await GraphSdk.SendAsync(graph, Method.PATCH, Settings,
            """{"@odata.type":"#microsoft.graph.photoUpdateSettings","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        Assert.Equal(["fe930be7-5e62-47db-91af-98c3a49a38b1"], patched.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()));

        var user = DefaultTenants.UserId(Hybrid, 4).ToString();
        await graph.Users[user].Photo.Content.PutAsync(new MemoryStream(Photos.Jpeg48x32));
        var metadata = await graph.Users[user].Photo.GetAsync();
        Assert.Equal(48, metadata!.Width);
        Assert.Equal(32, metadata.Height);

        // The state changed in the emulator itself, as its own address sees it.
        var direct = await proxy.Emulator.CreateClient().GetStringAsync($"/_emulator/tenants/{Hybrid}/photoAccess");
        Assert.Contains("fe930be7-5e62-47db-91af-98c3a49a38b1", direct);

        var journal = await Journal(proxy.Emulator);
        Assert.Equal(
            ["GET /beta/admin/people/photoUpdateSettings", "PATCH /beta/admin/people/photoUpdateSettings", $"PUT /v1.0/users/{user}/photo/$value", $"GET /v1.0/users/{user}/photo"],
            journal.Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("path").GetString()}"));
        Assert.All(journal, e => Assert.Equal("graph.microsoft.com", e.GetProperty("host").GetString()));
        Assert.All(journal, e => Assert.Equal(Hybrid.ToString(), e.GetProperty("tenantId").GetString()));

        // Back to the default for the class's other tests, through the proxy as well.
        await graph.RequestAdapter.SendNoContentAsync(new RequestInformation { HttpMethod = Method.DELETE, URI = Settings });
    }

    [Fact]
    public async Task CurlWithProxyAndCacertGetsATokenAndReadsTheSettingsAtMicrosoftsHosts()
    {
        await proxy.Emulator.CreateClient().DeleteAsync("/_emulator/requests");
        var tokenJson = await CurlAsync($"https://login.microsoftonline.com/{Hybrid}/oauth2/v2.0/token",
            "-d", $"client_id={DefaultTenants.AppId(Hybrid)}", "-d", $"client_secret={DefaultTenants.AppSecret}",
            "-d", "scope=https://graph.microsoft.com/.default", "-d", "grant_type=client_credentials");
        var token = JsonDocument.Parse(tokenJson).RootElement.GetProperty("access_token").GetString();

        var settings = await CurlAsync(Settings.ToString(), "-H", $"Authorization: Bearer {token}");

        Assert.True(JsonDocument.Parse(settings).RootElement.TryGetProperty("allowedRoles", out _));
        var entry = Assert.Single(await Journal(proxy.Emulator));
        Assert.Equal(Hybrid.ToString(), entry.GetProperty("tenantId").GetString());
        Assert.Equal("graph.microsoft.com", entry.GetProperty("host").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task EachProxiedHostServesItsOwnSurfaceAndAnswersTheOthersRoutesWith404InItsDialect()
    {
        using var client = new HttpClient(proxy.TrustingHandler());

        var discovery = await client.GetAsync($"https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/{Hybrid}/oauth2/v2.0/authorize");
        var metadata = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal($"https://login.microsoftonline.com/{Hybrid}/v2.0/.well-known/openid-configuration", metadata.GetProperty("tenant_discovery_endpoint").GetString());
        Assert.Equal("login.microsoftonline.com", metadata.GetProperty("metadata")[0].GetProperty("aliases")[0].GetString());

        var openId = JsonDocument.Parse(await client.GetStringAsync($"https://login.microsoftonline.com/{Hybrid}/v2.0/.well-known/openid-configuration")).RootElement;
        Assert.Equal($"https://login.microsoftonline.com/{Hybrid}/oauth2/v2.0/token", openId.GetProperty("token_endpoint").GetString());

        var tokenAtGraph = await client.GetAsync($"https://graph.microsoft.com/{Hybrid}/v2.0/.well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.NotFound, tokenAtGraph.StatusCode);
        Assert.Equal("itemNotFound", JsonDocument.Parse(await tokenAtGraph.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());

        var controlAtGraph = await client.GetAsync("https://graph.microsoft.com/_emulator/state");
        Assert.Equal(HttpStatusCode.NotFound, controlAtGraph.StatusCode);
        Assert.DoesNotContain("tenants", await controlAtGraph.Content.ReadAsStringAsync());

        var graphAtLogin = await client.GetAsync(Settings.ToString().Replace("graph.microsoft.com", "login.microsoftonline.com", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, graphAtLogin.StatusCode);
        Assert.Equal("invalid_request", JsonDocument.Parse(await graphAtLogin.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AClientThatDoesNotTrustTheRootFailsTheHandshake()
    {
        using var client = new HttpClient(proxy.UntrustingHandler());

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Settings));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
    }

    private static async Task<List<JsonElement>> Journal(EmulatorProcess emulator) =>
        [.. JsonDocument.Parse(await emulator.CreateClient().GetStringAsync("/_emulator/requests")).RootElement.EnumerateArray()];

    private async Task<string> CurlAsync(string url, params string[] arguments)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-sS", "--fail-with-body", "--proxy", proxy.ProxyAddress.ToString(), "--cacert", proxy.RootPemPath, .. arguments, url])
        {
            start.ArgumentList.Add(argument);
        }

        using var curl = Process.Start(start)!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        var error = await curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl exited with {curl.ExitCode}: {error} {output}");
        return output;
    }
}
