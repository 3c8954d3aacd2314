using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// In Strict mode (only tokens the emulator signed), a token is good whichever authority issued it: the emulator's own
/// address or login.microsoftonline.com through the proxy; and it is good at either Graph address.
/// </summary>
[Trait("Category", "Process")]
public sealed class ProxyStrictModeTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Fact]
    public async Task ATokenFromEitherAuthorityIsAcceptedAtEitherGraphAddress()
    {
        var proxyPort = EmulatorProcess.FreePort();
        await using var emulator = await EmulatorProcess.StartAsync(
            ("Emulator__Auth__Mode", "Strict"), ("Emulator__Proxy__Port", proxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var direct = emulator.CreateClient();
        using var root = X509Certificate2.CreateFromPem(await direct.GetStringAsync("/_emulator/proxy/ca.pem"));
        var handler = RealClientTests.TrustingHandler(root);
        handler.Proxy = new WebProxy($"http://127.0.0.1:{proxyPort}");
        using var proxied = new HttpClient(handler);

        string[] tokens =
        [
            await TokenAsync(proxied, new Uri($"https://login.microsoftonline.com/{Hybrid}/oauth2/v2.0/token")),
            await TokenAsync(direct, new Uri(emulator.BaseAddress, $"/{Hybrid}/oauth2/v2.0/token")),
        ];

        foreach (var token in tokens)
        {
            foreach (var (client, settings) in new[] { (proxied, new Uri("https://graph.microsoft.com/beta/admin/people/photoUpdateSettings")), (direct, new Uri(emulator.BaseAddress, "/beta/admin/people/photoUpdateSettings")) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, settings);
                request.Headers.Authorization = new("Bearer", token);
                using var answer = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }
        }

        // And a token it did not sign is refused through the proxy as at its own address.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/beta/admin/people/photoUpdateSettings");
        forged.Headers.Authorization = new("Bearer", Tokens.Unsigned(Tokens.Claims(DateTimeOffset.UtcNow, Hybrid, ("roles", new[] { "PeopleSettings.Read.All" }))));
        Assert.Equal(HttpStatusCode.Unauthorized, (await proxied.SendAsync(forged)).StatusCode);
    }

    private static async Task<string> TokenAsync(HttpClient client, Uri endpoint)
    {
        using var answer = await client.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = DefaultTenants.AppId(Hybrid),
            ["client_secret"] = DefaultTenants.AppSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
            ["grant_type"] = "client_credentials",
        }));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }
}
