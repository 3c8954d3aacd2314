using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Images;

namespace PhotoSettings.Testcontainers;

/// <summary>
/// Builds a <see cref="PhotoSettingsContainer"/>: the PhotoSettings emulator image (this repository's
/// Dockerfile), its http port published on a random host port, started once <c>/healthz</c> answers 200
/// (and the https port accepts connections, with <see cref="WithHttps"/>).
/// <code>
/// await using var container = new PhotoSettingsBuilder().WithAuthMode(PhotoSettingsAuthMode.Strict).Build();
/// await container.StartAsync();
/// await using var emulator = container.CreateRemoteEmulator();
/// </code>
/// </summary>
public sealed class PhotoSettingsBuilder : ContainerBuilder<PhotoSettingsBuilder, PhotoSettingsContainer, PhotoSettingsConfiguration>
{
    /// <summary>The image's repository name, as <c>docker build -t photosettings-emulator:&lt;version&gt; .</c> tags it.</summary>
    public const string ImageName = "photosettings-emulator";

    /// <summary>The port the image serves http on.</summary>
    public const ushort HttpPort = 8080;

    /// <summary>The port the image serves https on, once <see cref="WithHttps"/> enables it.</summary>
    public const ushort HttpsPort = 8081;

    /// <summary>The port the image is a proxy on, once <see cref="WithProxy"/> enables it.</summary>
    public const ushort ProxyPort = 8082;

    /// <summary>Where <see cref="WithTenantsFile"/> puts the tenants file inside the container.</summary>
    public const string TenantsFilePath = "/config/tenants.json";

    /// <summary>
    /// <c>photosettings-emulator:&lt;this package's version&gt;</c> (for example <c>photosettings-emulator:0.1.0</c>):
    /// the image built from the same release's Dockerfile, so the module and the emulator agree on the control API.
    /// </summary>
    public static readonly string DefaultImage = $"{ImageName}:{PackageVersion()}";

    /// <summary>A builder for <see cref="DefaultImage"/>.</summary>
    public PhotoSettingsBuilder()
        : this(DefaultImage)
    {
    }

    /// <summary>A builder for the image <paramref name="image"/>, such as <c>registry.example.com/photosettings-emulator:0.1.0</c>.</summary>
    public PhotoSettingsBuilder(string image)
        : this(new DockerImage(image))
    {
    }

    /// <summary>A builder for the image <paramref name="image"/>.</summary>
    public PhotoSettingsBuilder(IImage image)
        : this(new PhotoSettingsConfiguration())
    {
        DockerResourceConfiguration = Init().WithImage(image).DockerResourceConfiguration;
    }

    private PhotoSettingsBuilder(PhotoSettingsConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    /// <inheritdoc />
    protected override PhotoSettingsConfiguration DockerResourceConfiguration { get; }

    /// <summary>How the emulator checks tokens (<c>Emulator:Auth:Mode</c>); <see cref="PhotoSettingsAuthMode.Loose"/> when not called.</summary>
    public PhotoSettingsBuilder WithAuthMode(PhotoSettingsAuthMode mode) =>
        Enum.IsDefined(mode)
            ? WithEnvironment("Emulator__Auth__Mode", mode.ToString())
            : throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use Loose, Strict or Off.");

    /// <summary>
    /// How long a settings change takes to take effect (<c>Emulator:Propagation:Delay</c>, 24 hours when not called);
    /// <see cref="TimeSpan.Zero"/> makes changes take effect at once. At most 365 days.
    /// </summary>
    public PhotoSettingsBuilder WithPropagationDelay(TimeSpan delay) =>
        delay >= TimeSpan.Zero && delay <= TimeSpan.FromDays(365)
            ? WithEnvironment("Emulator__Propagation__Delay", delay.ToString("c", CultureInfo.InvariantCulture))
            : throw new ArgumentOutOfRangeException(nameof(delay), delay, "The propagation delay must be between zero and 365 days.");

    /// <summary>
    /// Loads a tenants file (docs/tenants-and-tokens.md, "The tenants file") at start-up: the file is copied into the container
    /// at <see cref="TenantsFilePath"/>. A file with a problem stops the start, and <c>StartAsync</c> fails.
    /// </summary>
    public PhotoSettingsBuilder WithTenantsFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The tenants file '{file.FullName}' does not exist.", file.FullName);
        }

        return WithResourceMapping(File.ReadAllBytes(file.FullName), FilePath.Of(TenantsFilePath))
            .WithEnvironment("Emulator__TenantsFile", TenantsFilePath);
    }

    /// <summary>
    /// Also serves https on <see cref="HttpsPort"/> with the emulator's self-signed certificate (its PEM at
    /// <c>GET /_emulator/certificate</c>); see <see cref="PhotoSettingsContainer.GetHttpsBaseAddress"/>. The certificate
    /// names localhost, 127.0.0.1 and ::1; when Testcontainers reaches containers at another address (a Docker gateway
    /// when the tests themselves run in a container, or <c>TESTCONTAINERS_HOST_OVERRIDE</c>), name it in <paramref name="hostNames"/>.
    /// </summary>
    public PhotoSettingsBuilder WithHttps(params string[] hostNames)
    {
        var builder = Merge(DockerResourceConfiguration, new PhotoSettingsConfiguration(httpsEnabled: true))
            .WithEnvironment("Emulator__Https__Enabled", "true")
            .WithPortBinding(HttpsPort, assignRandomHostPort: true);
        for (var i = 0; i < hostNames.Length; i++)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(hostNames[i], nameof(hostNames));
            builder = builder.WithEnvironment($"Emulator__Https__Hosts__{i}", hostNames[i]);
        }

        return builder;
    }

    /// <summary>
    /// Also makes the emulator an HTTPS proxy for graph.microsoft.com and login.microsoftonline.com on <see cref="ProxyPort"/>
    /// (<c>Emulator:Proxy:Port</c>), so a client that cannot be re-pointed reaches it unmodified: hand it
    /// <see cref="PhotoSettingsContainer.GetProxyAddress"/> and trust <see cref="PhotoSettingsContainer.GetProxyRootCertificateAsync"/>
    /// (or take <see cref="PhotoSettingsContainer.CreateProxyHandlerAsync"/>, which does both). The proxy forwards nothing.
    /// </summary>
    public PhotoSettingsBuilder WithProxy() =>
        Merge(DockerResourceConfiguration, new PhotoSettingsConfiguration(proxyEnabled: true))
            .WithEnvironment("Emulator__Proxy__Port", ProxyPort.ToString(CultureInfo.InvariantCulture))
            .WithPortBinding(ProxyPort, assignRandomHostPort: true);

    /// <summary>
    /// Requires <paramref name="apiKey"/> in <c>X-Emulator-Key</c> on every control call (<c>Emulator:Control:ApiKey</c>);
    /// <see cref="PhotoSettingsContainer.CreateRemoteEmulator"/> sends it.
    /// </summary>
    public PhotoSettingsBuilder WithControlApiKey(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return Merge(DockerResourceConfiguration, new PhotoSettingsConfiguration(controlApiKey: apiKey))
            .WithEnvironment("Emulator__Control__ApiKey", apiKey);
    }

    /// <summary>
    /// Fixes the managed-identity endpoint's secret (<c>Emulator:ManagedIdentity:Secret</c>; 16 to 256 visible ASCII
    /// characters), a random one when <paramref name="secret"/> is null, so that
    /// <see cref="PhotoSettingsContainer.GetManagedIdentityEnvironment"/> can name it without asking the container.
    /// </summary>
    public PhotoSettingsBuilder WithManagedIdentity(string? secret = null)
    {
        secret ??= Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        if (secret.Length is < 16 or > 256 || secret.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException("The managed-identity secret must be 16 to 256 visible ASCII characters.", nameof(secret));
        }

        return Merge(DockerResourceConfiguration, new PhotoSettingsConfiguration(managedIdentitySecret: secret))
            .WithEnvironment("Emulator__ManagedIdentity__Secret", secret);
    }

    /// <summary>Any other emulator option, as its configuration key (<c>Emulator:Journal:Capacity</c>) and value.</summary>
    public PhotoSettingsBuilder WithSetting(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
    }

    /// <summary>
    /// Host names the emulator answers to besides the ones it works out itself (<c>Emulator:AllowedHosts</c>): a name
    /// callers use that is neither loopback, an IP address, a network alias given with <c>WithNetworkAliases</c>, nor a
    /// name without a dot. See docs/security.md.
    /// </summary>
    public PhotoSettingsBuilder WithAllowedHosts(params string[] hostNames)
    {
        var builder = this;
        for (var i = 0; i < hostNames.Length; i++)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(hostNames[i], nameof(hostNames));
            builder = builder.WithEnvironment($"Emulator__AllowedHosts__{i}", hostNames[i]);
        }

        return builder;
    }

    /// <inheritdoc />
    public override PhotoSettingsContainer Build()
    {
        Validate();

        // The emulator answers only Hosts it knows (DNS rebinding). In its container it accepts loopback, IP addresses
        // and names without a dot; what else callers send is known here: the network aliases other containers use, and
        // the Docker host's name when Testcontainers reaches containers through it (tcp://docker:2375 in CI).
        var names = (DockerResourceConfiguration.NetworkAliases ?? []).ToList();
        if (DockerResourceConfiguration.DockerEndpointAuthConfig?.Endpoint is { Scheme: "tcp" or "http" or "https" } endpoint)
        {
            names.Add(endpoint.Host);
        }

        var builder = names.Count == 0 ? this : WithEnvironment("Emulator__AllowedHosts__99", string.Join(';', names.Distinct()));

        // Started means both endpoints answer: Kestrel binds them one after the other.
        var ready = Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(HttpPort).ForPath("/healthz"));
        if (DockerResourceConfiguration.HttpsEnabled == true)
        {
            ready = ready.UntilExternalTcpPortIsAvailable(HttpsPort);
        }

        if (DockerResourceConfiguration.ProxyEnabled == true)
        {
            ready = ready.UntilExternalTcpPortIsAvailable(ProxyPort);
        }

        return new PhotoSettingsContainer(builder.WithWaitStrategy(ready).DockerResourceConfiguration);
    }

    /// <inheritdoc />
    protected override PhotoSettingsBuilder Init() =>
        base.Init()
            // The image is built locally from the Dockerfile and is in no registry: pulling can only fail, and
            // would hide a missing local build behind a registry error. WithImagePullPolicy(PullPolicy.Missing)
            // restores pulling for an image you pushed somewhere.
            .WithImagePullPolicy(PullPolicy.Never)
            .WithPortBinding(HttpPort, assignRandomHostPort: true);

    /// <inheritdoc />
    protected override PhotoSettingsBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new PhotoSettingsConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override PhotoSettingsBuilder Clone(IContainerConfiguration resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new PhotoSettingsConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override PhotoSettingsBuilder Merge(PhotoSettingsConfiguration oldValue, PhotoSettingsConfiguration newValue) =>
        new(new PhotoSettingsConfiguration(oldValue, newValue));

    // The informational version without its "+commit" suffix: the <Version> every package of a release shares.
    private static string PackageVersion()
    {
        var version = typeof(PhotoSettingsBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "latest";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
