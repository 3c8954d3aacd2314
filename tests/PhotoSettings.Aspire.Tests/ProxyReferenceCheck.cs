using System.Net;
using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace PhotoSettings.Aspire.Tests;

/// <summary>
/// What a consumer given <c>WithProxyReference(graph)</c> receives, checked the same way for the tool and the container
/// forms: <c>HTTPS_PROXY</c> is the emulator's proxy endpoint, <c>NODE_EXTRA_CA_CERTS</c> (and <c>PHOTOSETTINGS_PROXY_CA</c>)
/// the root the emulator serves, and with only those two a client reaches Microsoft's sign-in host, answered by the emulator.
/// </summary>
internal static class ProxyReferenceCheck
{
    public static async Task AssertConsumerReachesMicrosoftsHostsAsync(DistributedApplication app, IResource consumer, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(consumer).WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, cancellationToken);
        var environment = configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value.ToString()!);
        var proxy = app.GetEndpoint("graph", PhotoSettingsEmulatorProxyExtensions.ProxyEndpointName);
        using var emulator = app.CreateHttpClient("graph", "http");
        var served = await emulator.GetStringAsync("/_emulator/proxy/ca.pem", cancellationToken);

        Assert.Equal(proxy.ToString().TrimEnd('/'), environment["HTTPS_PROXY"].TrimEnd('/'));
        Assert.Equal(served, await File.ReadAllTextAsync(environment["NODE_EXTRA_CA_CERTS"], cancellationToken));
        Assert.Equal(environment["NODE_EXTRA_CA_CERTS"], environment["PHOTOSETTINGS_PROXY_CA"]);
        using var root = X509Certificate2.CreateFromPem(served);
        using var handler = new HttpClientHandler
        {
            Proxy = new WebProxy(new Uri(environment["HTTPS_PROXY"])),
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate!);
            },
        };
        using var client = new HttpClient(handler);
        using var discovery = await client.GetAsync(
            "https://login.microsoftonline.com/4b1d0000-0000-4000-8000-000000000002/v2.0/.well-known/openid-configuration", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Contains("\"issuer\":\"https://login.microsoftonline.com/4b1d0000-0000-4000-8000-000000000002/v2.0\"",
            await discovery.Content.ReadAsStringAsync(cancellationToken));
    }
}
