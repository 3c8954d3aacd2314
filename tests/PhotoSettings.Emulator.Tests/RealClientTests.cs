using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Authentication.Azure;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Microsoft's own clients, unpatched, against the emulator over HTTPS: Azure.Identity gets a token
/// from the emulator's token endpoint and the Microsoft Graph SDK reads and updates the settings.
/// </summary>
[Trait("Category", "Process")]
public sealed class RealClientTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Fact]
    public async Task TheGeneratedCertificateIsTrustedByAClientThatTrustsItAndRefusedByOneThatDoesNot()
    {
        await using var emulator = await EmulatorProcess.StartAsync(https: true);
        var certificate = await CertificateAsync(emulator);

        using var trusting = new HttpClient(TrustingHandler(certificate)) { BaseAddress = emulator.HttpsAddress };
        using var plain = new HttpClient { BaseAddress = emulator.HttpsAddress };

        Assert.Equal(HttpStatusCode.OK, (await trusting.GetAsync("/healthz")).StatusCode);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("/healthz"));
        Assert.IsType<AuthenticationException>(refused.InnerException);
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.True(File.Exists(Path.Combine(emulator.DataDir, "https", "emulator-localhost.pem")));
        // The http endpoint keeps working beside the https one.
        Assert.Equal(HttpStatusCode.OK, (await emulator.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task TheCertificateIsKeptAndReusedAcrossRestarts()
    {
        string first;
        var dataDir = Directory.CreateTempSubdirectory("photosettings-keep-").FullName;
        try
        {
            await using (var emulator = await EmulatorProcess.StartAsync(https: true, ("Emulator__DataDir", dataDir)))
            {
                first = (await CertificateAsync(emulator)).Thumbprint;
            }

            await using var again = await EmulatorProcess.StartAsync(https: true, ("Emulator__DataDir", dataDir));
            Assert.Equal(first, (await CertificateAsync(again)).Thumbprint);
            Assert.Contains("(reused)", again.Output);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task AzureIdentityAndTheGraphSdkReadAndUpdateTheSettingsOverHttps()
    {
        await using var emulator = await EmulatorProcess.StartAsync(https: true);
        var certificate = await CertificateAsync(emulator);
        var credential = new ClientSecretCredential(
            Hybrid.ToString(),
            DefaultTenants.AppId(Hybrid),
            DefaultTenants.AppSecret,
            new ClientSecretCredentialOptions
            {
                AuthorityHost = emulator.HttpsAddress,
                DisableInstanceDiscovery = true,
                Transport = new HttpClientTransport(TrustingHandler(certificate)),
            });
        var authentication = new AzureIdentityAuthenticationProvider(
            credential, allowedHosts: [emulator.HttpsAddress!.Host], scopes: ["https://graph.microsoft.com/.default"]);
        using var http = GraphClientFactory.Create(finalHandler: TrustingHandler(certificate));
        var graph = new GraphServiceClient(http, authentication, new Uri(emulator.HttpsAddress, "/v1.0").ToString());
        var settings = new Uri(emulator.HttpsAddress, "/beta/admin/people/photoUpdateSettings");

        var read = await GraphSdk.SendAsync(graph, Method.GET, settings, null);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("source").ValueKind);

        var updated = await GraphSdk.SendAsync(graph, Method.PATCH, settings,
            """{"@odata.type":"#microsoft.graph.photoUpdateSettings","source":"onPremises","allowedRoles":[]}""");
        Assert.Equal("onPremises", updated.GetProperty("source").GetString());

        var error = await Assert.ThrowsAsync<ODataError>(() => GraphSdk.SendAsync(graph, Method.PATCH, settings,
            """{"source":"cloud","allowedRoles":["00000000-1111-2222-3333-444444444444"]}"""));
        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("BadRequest", error.Error!.Code);
        Assert.Contains("neither an Entra built-in role template id", error.Error.Message);
        Assert.Equal("onPremises", (await GraphSdk.SendAsync(graph, Method.GET, settings, null)).GetProperty("source").GetString());
    }

    [Fact]
    public async Task AWrongSecretSurfacesAsAnAuthenticationFailureFromAzureIdentity()
    {
        await using var emulator = await EmulatorProcess.StartAsync(https: true);
        var certificate = await CertificateAsync(emulator);
        var credential = new ClientSecretCredential(Hybrid.ToString(), DefaultTenants.AppId(Hybrid), "not-the-secret",
            new ClientSecretCredentialOptions
            {
                AuthorityHost = emulator.HttpsAddress,
                DisableInstanceDiscovery = true,
                Transport = new HttpClientTransport(TrustingHandler(certificate)),
            });

        var failure = await Assert.ThrowsAsync<AuthenticationFailedException>(async () =>
            await credential.GetTokenAsync(new Azure.Core.TokenRequestContext(["https://graph.microsoft.com/.default"])));

        Assert.Contains("AADSTS7000215", failure.ToString());
    }

    private static async Task<X509Certificate2> CertificateAsync(EmulatorProcess emulator)
    {
        var pem = await emulator.CreateClient().GetStringAsync("/_emulator/certificate");
        return X509Certificate2.CreateFromPem(pem);
    }

    /// <summary>What a .NET client does to trust the emulator: a handler with the certificate as its only root.</summary>
    public static HttpClientHandler TrustingHandler(X509Certificate2 root) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    };
}
