using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Authentication.Azure;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The sign-ins production apps use, with Azure.Identity unpatched against the real process: a certificate
/// (<c>ClientCertificateCredential</c>, over HTTPS as MSAL requires) and a managed identity
/// (<c>ManagedIdentityCredential</c> and <c>DefaultAzureCredential</c> reading App Service's environment).
/// </summary>
[Trait("Category", "Process")]
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class RealSignInTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly string AppId = DefaultTenants.AppId(Hybrid);

    [Fact]
    public async Task ClientCertificateCredentialGetsATokenWithARegisteredCertificateAndTheGraphSdkReadsAndPatchesTheSettings()
    {
        await using var emulator = await EmulatorProcess.StartAsync(https: true);
        var root = X509Certificate2.CreateFromPem(await emulator.CreateClient().GetStringAsync("/_emulator/certificate"));
        using var certificate = ClientAssertions.Certificate(TimeProvider.System.GetUtcNow());
        var added = await emulator.CreateClient().PostAsync($"/_emulator/tenants/{Hybrid}/applications/{AppId}/certificates",
            EmulatorFactory.Json(JsonSerializer.Serialize(new { certificate = ClientAssertions.Pem(certificate) })));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        foreach (var sendChain in new[] { false, true })
        {
            var credential = new ClientCertificateCredential(Hybrid.ToString(), AppId, certificate, new ClientCertificateCredentialOptions
            {
                AuthorityHost = emulator.HttpsAddress,
                DisableInstanceDiscovery = true,
                SendCertificateChain = sendChain,
                Transport = new HttpClientTransport(RealClientTests.TrustingHandler(root)),
            });
            var graph = Graph(credential, emulator.HttpsAddress!, RealClientTests.TrustingHandler(root));
            var settings = new Uri(emulator.HttpsAddress!, "/beta/admin/people/photoUpdateSettings");
            var source = sendChain ? "cloud" : "onPremises";

            var updated = await GraphSdk.SendAsync(graph, Method.PATCH, settings, $$"""{"source":"{{source}}","allowedRoles":[]}""");

            Assert.Equal(source, updated.GetProperty("source").GetString());
            Assert.Equal(source, (await GraphSdk.SendAsync(graph, Method.GET, settings)).GetProperty("source").GetString());
        }
    }

    [Fact]
    public async Task ClientCertificateCredentialWithAnUnregisteredCertificateFailsWithAadsts700027()
    {
        await using var emulator = await EmulatorProcess.StartAsync(https: true);
        var root = X509Certificate2.CreateFromPem(await emulator.CreateClient().GetStringAsync("/_emulator/certificate"));
        using var certificate = ClientAssertions.Certificate(TimeProvider.System.GetUtcNow());
        var credential = new ClientCertificateCredential(Hybrid.ToString(), AppId, certificate, new ClientCertificateCredentialOptions
        {
            AuthorityHost = emulator.HttpsAddress,
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(RealClientTests.TrustingHandler(root)),
        });

        var failure = await Assert.ThrowsAsync<AuthenticationFailedException>(async () =>
            await credential.GetTokenAsync(new TokenRequestContext(["https://graph.microsoft.com/.default"])));

        Assert.Contains("AADSTS700027", failure.ToString());
    }

    [Fact]
    public async Task ManagedIdentityCredentialAndDefaultAzureCredentialGetTokensFromTheEndpointTheEnvironmentNames()
    {
        // The built-in tenant's application plays the system-assigned identity, named by configuration.
        await using var emulator = await EmulatorProcess.StartAsync(("Emulator__ManagedIdentity__ClientId", AppId));
        var environment = await JsonDocument.ParseAsync(await emulator.CreateClient().GetStreamAsync("/_emulator/managed-identity"));
        var endpoint = environment.RootElement.GetProperty("IDENTITY_ENDPOINT").GetString()!;
        var secret = environment.RootElement.GetProperty("IDENTITY_HEADER").GetString()!;
        Assert.Equal(new Uri(emulator.BaseAddress, "/_emulator/msi/token"), new Uri(endpoint));

        // Azure.Identity reads App Service's variables from the process environment when it asks for a token; this
        // collection runs alone, so no other test sees them, and they are put back afterwards.
        using (ProcessEnvironmentCollection.Set(("IDENTITY_ENDPOINT", endpoint), ("IDENTITY_HEADER", secret)))
        {
            TokenCredential[] credentials =
            [
                new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
                new DefaultAzureCredential(new DefaultAzureCredentialOptions
                {
                    ExcludeEnvironmentCredential = true,
                    ExcludeWorkloadIdentityCredential = true,
                    ExcludeVisualStudioCredential = true,
                    ExcludeVisualStudioCodeCredential = true,
                    ExcludeAzureCliCredential = true,
                    ExcludeAzurePowerShellCredential = true,
                    ExcludeAzureDeveloperCliCredential = true,
                    ExcludeInteractiveBrowserCredential = true,
                }),
            ];
            foreach (var credential in credentials)
            {
                var local = new Uri($"http://localhost:{emulator.BaseAddress.Port}");
                var graph = Graph(credential, local, new HttpClientHandler());

                var settings = await GraphSdk.SendAsync(graph, Method.GET, new Uri(local, "/beta/admin/people/photoUpdateSettings"));

                Assert.True(settings.TryGetProperty("allowedRoles", out _), settings.ToString());
            }
        }

        var wrong = new HttpRequestMessage(HttpMethod.Get, $"{endpoint}?resource=https://graph.microsoft.com&api-version=2019-08-01");
        wrong.Headers.Add("X-IDENTITY-HEADER", "not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await emulator.CreateClient().SendAsync(wrong)).StatusCode);
        Assert.DoesNotContain(secret, emulator.Output);
    }

    private static GraphServiceClient Graph(TokenCredential credential, Uri baseAddress, HttpMessageHandler handler)
    {
        var authentication = new AzureIdentityAuthenticationProvider(credential, allowedHosts: [baseAddress.Host], scopes: ["https://graph.microsoft.com/.default"]);
        return new GraphServiceClient(GraphClientFactory.Create(finalHandler: handler), authentication, new Uri(baseAddress, "/v1.0").ToString());
    }
}

/// <summary>Tests that set process-wide environment variables: xunit runs this collection alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";

    /// <summary>Sets the variables until the result is disposed, then puts back what was there.</summary>
    public static IDisposable Set(params (string Name, string Value)[] variables)
    {
        var before = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        return new Restore(before);
    }

    private sealed class Restore((string Name, string? Value)[] before) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
