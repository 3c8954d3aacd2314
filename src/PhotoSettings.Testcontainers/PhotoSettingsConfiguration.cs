using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace PhotoSettings.Testcontainers;

/// <summary>
/// The container configuration of <see cref="PhotoSettingsBuilder"/>: Testcontainers' own, plus what the
/// container needs to know afterwards (the control API key its clients send, whether https is served).
/// Immutable: every builder call makes a merged copy, as in Testcontainers' official modules.
/// </summary>
public sealed class PhotoSettingsConfiguration : ContainerConfiguration
{
    /// <param name="controlApiKey">The emulator's <c>Emulator:Control:ApiKey</c>, if set.</param>
    /// <param name="httpsEnabled">Whether the container serves https on <see cref="PhotoSettingsBuilder.HttpsPort"/>.</param>
    /// <param name="proxyEnabled">Whether the container is also a proxy on <see cref="PhotoSettingsBuilder.ProxyPort"/>.</param>
    /// <param name="managedIdentitySecret">The emulator's <c>Emulator:ManagedIdentity:Secret</c>, if the builder set it.</param>
    public PhotoSettingsConfiguration(string? controlApiKey = null, bool? httpsEnabled = null, bool? proxyEnabled = null, string? managedIdentitySecret = null)
    {
        ControlApiKey = controlApiKey;
        HttpsEnabled = httpsEnabled;
        ProxyEnabled = proxyEnabled;
        ManagedIdentitySecret = managedIdentitySecret;
    }

    public PhotoSettingsConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    public PhotoSettingsConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    public PhotoSettingsConfiguration(PhotoSettingsConfiguration resourceConfiguration)
        : this(new PhotoSettingsConfiguration(), resourceConfiguration)
    {
    }

    public PhotoSettingsConfiguration(PhotoSettingsConfiguration oldValue, PhotoSettingsConfiguration newValue)
        : base(oldValue, newValue)
    {
        ControlApiKey = BuildConfiguration.Combine(oldValue.ControlApiKey, newValue.ControlApiKey);
        HttpsEnabled = newValue.HttpsEnabled ?? oldValue.HttpsEnabled;
        ProxyEnabled = newValue.ProxyEnabled ?? oldValue.ProxyEnabled;
        ManagedIdentitySecret = BuildConfiguration.Combine(oldValue.ManagedIdentitySecret, newValue.ManagedIdentitySecret);
    }

    /// <summary>The key the control API requires in <c>X-Emulator-Key</c>, or null when it requires none.</summary>
    public string? ControlApiKey { get; }

    /// <summary>Whether the emulator also serves https.</summary>
    public bool? HttpsEnabled { get; }

    /// <summary>Whether the emulator is also a proxy for Microsoft's hosts.</summary>
    public bool? ProxyEnabled { get; }

    /// <summary>The secret the managed-identity endpoint asks for in <c>X-IDENTITY-HEADER</c>, when the builder set one.</summary>
    public string? ManagedIdentitySecret { get; }
}
