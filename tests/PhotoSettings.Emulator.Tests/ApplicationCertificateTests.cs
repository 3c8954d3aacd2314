using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>An application's certificates through the control API, the tenants document and the state document.</summary>
public sealed class ApplicationCertificateTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid TenantId = Guid.Parse("fab10000-0000-4000-8000-000000000002");
    private const string AppId = "fab10000-0000-4000-8000-0000000000a2";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly X509Certificate2 First = ClientAssertions.Certificate(Start);
    private static readonly X509Certificate2 Second = ClientAssertions.Certificate(Start, "CN=second");

    private static string Certificates => $"/_emulator/tenants/{TenantId}/applications/{AppId}/certificates";

    private static StringContent Body(string certificate) => EmulatorFactory.Json(JsonSerializer.Serialize(new { certificate }));

    private async Task<(EmulatorFactory Emulator, HttpClient Client)> WithTenantAsync()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        Assert.Equal(HttpStatusCode.Created,
            (await client.PutAsync($"/_emulator/tenants/{TenantId}", EmulatorFactory.Json(ClientAssertions.Tenant(TenantId, AppId, First)))).StatusCode);
        return (emulator, client);
    }

    private static async Task<HttpStatusCode> SignInAsync(EmulatorFactory emulator, X509Certificate2 certificate)
    {
        var assertion = ClientAssertions.Create(certificate, AppId, $"http://localhost/{TenantId}/oauth2/v2.0/token", emulator.Time.GetUtcNow());
        return (await emulator.ClientWith(null).PostAsync($"/{TenantId}/oauth2/v2.0/token", ClientAssertions.Form(AppId, assertion))).StatusCode;
    }

    [Fact]
    public async Task ACertificateAddedThroughTheControlApiSignsInUntilItIsRemoved()
    {
        var (emulator, client) = await WithTenantAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(emulator, Second));

        // Base64 DER is taken as well as PEM.
        var added = await client.PostAsync(Certificates, Body(Convert.ToBase64String(Second.RawData)));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal($"{Certificates}/{Second.Thumbprint}", added.Headers.Location!.OriginalString);
        var view = await GraphAssert.JsonAsync(added);
        Assert.Equal(Second.Thumbprint, view.GetProperty("thumbprint").GetString());
        Assert.Equal(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(SHA256.HashData(Second.RawData)), view.GetProperty("x5t#S256").GetString());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", view.GetProperty("certificate").GetString());
        var listed = await GraphAssert.JsonAsync(await client.GetAsync(Certificates));
        Assert.Equal([First.Thumbprint, Second.Thumbprint], listed.EnumerateArray().Select(c => c.GetProperty("thumbprint").GetString()));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(emulator, Second));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Certificates}/{Second.Thumbprint.ToLowerInvariant()}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(emulator, Second));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(emulator, First));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{Certificates}/{Second.Thumbprint}")).StatusCode);
    }

    [Theory]
    [InlineData("private key")]
    [InlineData("not a certificate")]
    [InlineData("empty")]
    [InlineData("small key")]
    public async Task ABadCertificateIsA400ProblemAndTheApplicationKeepsItsCertificates(string fault)
    {
        var (_, client) = await WithTenantAsync();
        using var rsa = RSA.Create(1024);
        var text = fault switch
        {
            "private key" => Second.GetRSAPrivateKey()!.ExportRSAPrivateKeyPem(),
            "not a certificate" => Convert.ToBase64String(new byte[64]),
            "empty" => "",
            _ => new CertificateRequest("CN=small", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(Start.AddDays(-1), Start.AddYears(1)).ExportCertificatePem(),
        };

        var response = await client.PostAsync(Certificates, Body(text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("certificate", await response.Content.ReadAsStringAsync());
        var listed = await GraphAssert.JsonAsync(await client.GetAsync(Certificates));
        Assert.Equal([First.Thumbprint], listed.EnumerateArray().Select(c => c.GetProperty("thumbprint").GetString()));
    }

    [Fact]
    public async Task ACertificateRegisteredTwiceIsA409AndAnUnknownApplicationA404()
    {
        var (_, client) = await WithTenantAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(Certificates, Body(ClientAssertions.Pem(First)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.GetAsync($"/_emulator/tenants/{TenantId}/applications/{Guid.NewGuid()}/certificates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostAsync($"/_emulator/tenants/{Guid.NewGuid()}/applications/{AppId}/certificates", Body(ClientAssertions.Pem(Second)))).StatusCode);
    }

    [Fact]
    public async Task ATenantDocumentWithABadCertificateIsRefusedNamingIt()
    {
        var emulator = await shared.FreshAsync();
        var json = ClientAssertions.Tenant(TenantId, AppId, First).Replace("BEGIN CERTIFICATE", "BEGIN NONSENSE").Replace("END CERTIFICATE", "END NONSENSE");

        var response = await emulator.CreateClient().PutAsync($"/_emulator/tenants/{TenantId}", EmulatorFactory.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("applications[0].certificates[0].certificate", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.CreateClient().GetAsync($"/_emulator/tenants/{TenantId}")).StatusCode);
    }

    [Fact]
    public async Task CertificatesTravelInTheStateDocumentAndSignInAfterItIsImported()
    {
        var (emulator, client) = await WithTenantAsync();
        var state = await client.GetStringAsync("/_emulator/state");
        Assert.Contains(First.Thumbprint, state);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/_emulator/reset", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Certificates)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/_emulator/state", EmulatorFactory.Json(state))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, await SignInAsync(emulator, First));
    }
}
