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
