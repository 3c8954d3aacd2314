using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DotNet.Testcontainers.Containers;
using PhotoSettings.Testing;

namespace PhotoSettings.Testcontainers;

/// <summary>
/// A running PhotoSettings emulator container. <see cref="GetBaseAddress"/> is where Graph clients point;
/// <see cref="CreateRemoteEmulator"/> gives the PhotoSettings.Testing helpers (tenants, tokens, clocks, settings)
/// against it, the same API as the in-process emulator.
/// </summary>
public sealed class PhotoSettingsContainer(PhotoSettingsConfiguration configuration) : DockerContainer(configuration)
{
    /// <summary>The emulator's http address on the host, such as <c>http://127.0.0.1:32768/</c>.</summary>
    public Uri GetBaseAddress() =>
        new UriBuilder(Uri.UriSchemeHttp, Hostname, GetMappedPublicPort(PhotoSettingsBuilder.HttpPort)).Uri;

    /// <summary>The emulator's https address on the host; only with <see cref="PhotoSettingsBuilder.WithHttps"/>.</summary>
    public Uri GetHttpsBaseAddress() =>
        configuration.HttpsEnabled == true
            ? new UriBuilder(Uri.UriSchemeHttps, Hostname, GetMappedPublicPort(PhotoSettingsBuilder.HttpsPort)).Uri
            : throw new InvalidOperationException("This container does not serve https: build it with WithHttps().");

    /// <summary>
    /// The proxy's address on the host, such as <c>http://127.0.0.1:32770/</c>: a client's <c>HTTPS_PROXY</c>, or a
    /// <see cref="System.Net.WebProxy"/>; only with <see cref="PhotoSettingsBuilder.WithProxy"/>.
    /// </summary>
    public Uri GetProxyAddress() =>
        configuration.ProxyEnabled == true
            ? new UriBuilder(Uri.UriSchemeHttp, Hostname, GetMappedPublicPort(PhotoSettingsBuilder.ProxyPort)).Uri
            : throw new InvalidOperationException("This container is no proxy: build it with WithProxy().");

    /// <summary>
    /// The proxy's root certificate (<c>GET /_emulator/proxy/ca.pem</c>), for a client to trust: write its PEM
    /// (<see cref="X509Certificate2.ExportCertificatePem"/>) for NODE_EXTRA_CA_CERTS or curl --cacert, or validate against it.
    /// </summary>
    public async Task<X509Certificate2> GetProxyRootCertificateAsync(CancellationToken cancellationToken = default)
    {
        _ = GetProxyAddress();
        using var client = new HttpClient { BaseAddress = GetBaseAddress() };
        if (configuration.ControlApiKey is { } key)
        {
            client.DefaultRequestHeaders.Add("X-Emulator-Key", key);
        }

        return X509Certificate2.CreateFromPem(await client.GetStringAsync(new Uri("/_emulator/proxy/ca.pem", UriKind.Relative), cancellationToken));
    }

    /// <summary>
    /// A handler for <see cref="HttpClient"/>, Azure.Identity's <c>HttpClientTransport</c> and the Graph SDK's
    /// <c>GraphClientFactory</c>: the proxy, and a validation that trusts the proxy's root and nothing else.
    /// </summary>
    public async Task<HttpClientHandler> CreateProxyHandlerAsync(CancellationToken cancellationToken = default)
    {
        var root = await GetProxyRootCertificateAsync(cancellationToken);
        return new HttpClientHandler
        {
            Proxy = new WebProxy(GetProxyAddress()),
            UseProxy = true,
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

    /// <summary>
    /// <c>IDENTITY_ENDPOINT</c> (on the mapped http port) and <c>IDENTITY_HEADER</c>: set them in a process's environment and
    /// <c>ManagedIdentityCredential</c> or <c>DefaultAzureCredential</c> gets the emulator's tokens. Only with
    /// <see cref="PhotoSettingsBuilder.WithManagedIdentity"/>, which fixes the secret.
    /// </summary>
    public ManagedIdentityEnvironment GetManagedIdentityEnvironment() =>
        configuration.ManagedIdentitySecret is { } secret
            ? new(new Uri(GetBaseAddress(), "/_emulator/msi/token").ToString(), secret)
            : throw new InvalidOperationException("This container's managed-identity secret is not known here: build it with WithManagedIdentity().");

    /// <summary>
    /// The PhotoSettings.Testing helpers against this container, over http, sending the control API key if the
    /// builder set one. <paramref name="handler"/> is yours to pass (for example to add logging); it is disposed with the emulator.
    /// </summary>
    public RemoteEmulator CreateRemoteEmulator(HttpMessageHandler? handler = null) =>
        new(GetBaseAddress(), configuration.ControlApiKey, handler);
}
