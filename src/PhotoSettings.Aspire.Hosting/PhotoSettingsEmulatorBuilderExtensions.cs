using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using PhotoSettings.Aspire.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// The PhotoSettings emulator in an Aspire app: <c>builder.AddPhotoSettingsEmulator("graph")</c> runs its container image,
/// <c>builder.AddPhotoSettingsEmulatorTool("graph")</c> the installed .NET tool; <c>WithReference(graph)</c> gives a
/// consumer the Graph base URL as its connection string.
/// </summary>
public static class PhotoSettingsEmulatorBuilderExtensions
{
    /// <summary>The image's repository name, as <c>docker build -t photosettings-emulator:&lt;version&gt; .</c> tags it.</summary>
    public const string ImageName = "photosettings-emulator";

    /// <summary>The default tag: this package's version, so the hosting package and the emulator agree.</summary>
    public static readonly string DefaultTag = PackageVersion();

    private const int ContainerHttpPort = 8080;
    private const string ContainerTenantsFile = "/config/tenants.json";
    private const string ContainerDataDir = "/data";

    /// <summary>
    /// Adds the emulator as a container of <c>photosettings-emulator:&lt;tag&gt;</c> (built locally from the repository's
    /// Dockerfile; never pulled), with an <c>http</c> endpoint and a health check on <c>/healthz</c>.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource's name; other containers reach the emulator by it.</param>
    /// <param name="port">The host port; a random one when null.</param>
    /// <param name="tag">The image tag; <see cref="DefaultTag"/> when null.</param>
    public static IResourceBuilder<PhotoSettingsEmulatorResource> AddPhotoSettingsEmulator(this IDistributedApplicationBuilder builder, [ResourceName] string name, int? port = null, string? tag = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new PhotoSettingsEmulatorResource(name))
            .WithImage(ImageName, tag ?? DefaultTag)
            .WithImagePullPolicy(ImagePullPolicy.Never)
            .WithHttpEndpoint(port: port, targetPort: ContainerHttpPort, name: PhotoSettingsEmulatorResource.HttpEndpointName)
            // Other containers call it by its resource name; the emulator answers only Hosts it knows (docs/security.md).
            .WithEnvironment("Emulator__AllowedHosts__0", name)
            .WithHttpHealthCheck("/healthz", endpointName: PhotoSettingsEmulatorResource.HttpEndpointName);
    }

    /// <summary>
    /// Adds the emulator as an executable: the installed .NET tool (<c>dotnet tool install --global PhotoSettings.Emulator</c>)
    /// by default, or <paramref name="command"/> with <paramref name="args"/> (for example <c>dotnet</c> and the path of
    /// <c>PhotoSettings.Emulator.dll</c>). It listens on the port Aspire gives it (<c>ASPNETCORE_HTTP_PORTS</c>).
    /// </summary>
    public static IResourceBuilder<PhotoSettingsEmulatorToolResource> AddPhotoSettingsEmulatorTool(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, int? port = null, string command = "photosettings-emulator", params string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new PhotoSettingsEmulatorToolResource(name, command, builder.AppHostDirectory))
            .WithArgs(args)
            .WithHttpEndpoint(port: port, env: "ASPNETCORE_HTTP_PORTS", name: PhotoSettingsEmulatorResource.HttpEndpointName)
            // It listens on loopback; containers of the app reach the host, so the emulator, by these names.
            .WithEnvironment("Emulator__AllowedHosts__0", "host.docker.internal")
            .WithEnvironment("Emulator__AllowedHosts__1", "host.containers.internal")
            .WithHttpHealthCheck("/healthz", endpointName: PhotoSettingsEmulatorResource.HttpEndpointName);
    }

    /// <summary>How the emulator checks tokens (<c>Emulator:Auth:Mode</c>); <see cref="PhotoSettingsAuthMode.Loose"/> when not called.</summary>
    public static IResourceBuilder<T> WithAuthMode<T>(this IResourceBuilder<T> builder, PhotoSettingsAuthMode mode)
        where T : IPhotoSettingsEmulatorResource =>
        Enum.IsDefined(mode)
            ? builder.WithEnvironment("Emulator__Auth__Mode", mode.ToString())
            : throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use Loose, Strict or Off.");

    /// <summary>How long a settings change takes to take effect (<c>Emulator:Propagation:Delay</c>, 24 hours by default); zero: at once. At most 365 days.</summary>
    public static IResourceBuilder<T> WithPropagationDelay<T>(this IResourceBuilder<T> builder, TimeSpan delay)
        where T : IPhotoSettingsEmulatorResource =>
        delay >= TimeSpan.Zero && delay <= TimeSpan.FromDays(365)
            ? builder.WithEnvironment("Emulator__Propagation__Delay", delay.ToString("c", CultureInfo.InvariantCulture))
            : throw new ArgumentOutOfRangeException(nameof(delay), delay, "The propagation delay must be between zero and 365 days.");

    /// <summary>
    /// Loads a tenants file at start-up (<c>Emulator:TenantsFile</c>); a relative path is taken from the AppHost's folder.
    /// A container gets it bind-mounted read-only at <c>/config/tenants.json</c>.
    /// </summary>
    public static IResourceBuilder<T> WithTenantsFile<T>(this IResourceBuilder<T> builder, string path)
        where T : IPhotoSettingsEmulatorResource
    {
        var file = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"The tenants file '{file}' does not exist.", file);
        }

        if (builder.Resource is ContainerResource)
        {
            return builder.WithAnnotation(new ContainerMountAnnotation(file, ContainerTenantsFile, ContainerMountType.BindMount, isReadOnly: true))
                .WithEnvironment("Emulator__TenantsFile", ContainerTenantsFile);
        }

        return builder.WithEnvironment("Emulator__TenantsFile", file);
    }

    /// <summary>
    /// Keeps the emulator's state across restarts: SQLite storage (<c>Emulator:Storage:Provider=Sqlite</c>) in a named
    /// volume at <c>/data</c> (its HTTPS certificate too).
    /// </summary>
    public static IResourceBuilder<PhotoSettingsEmulatorResource> WithDataVolume(this IResourceBuilder<PhotoSettingsEmulatorResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"{builder.ApplicationBuilder.Environment.ApplicationName.ToLowerInvariant()}-{builder.Resource.Name}-data", ContainerDataDir)
            .WithEnvironment("Emulator__Storage__Provider", "Sqlite");

    /// <summary>Keeps the tool's state in <paramref name="path"/>: SQLite storage and its HTTPS certificate (<c>Emulator:DataDir</c>).</summary>
    public static IResourceBuilder<PhotoSettingsEmulatorToolResource> WithDataDirectory(this IResourceBuilder<PhotoSettingsEmulatorToolResource> builder, string path) =>
        builder.WithEnvironment("Emulator__DataDir", Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory))
            .WithEnvironment("Emulator__Storage__Provider", "Sqlite");

    /// <summary>
    /// Gives <paramref name="builder"/> (a project, executable or container) <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c>,
    /// App Service's managed-identity variables pointing at <paramref name="emulator"/>, so its <c>ManagedIdentityCredential</c>
    /// or <c>DefaultAzureCredential</c> gets the emulator's tokens for the tenants' managed identities. The emulator's secret
    /// (<c>Emulator:ManagedIdentity:Secret</c>) is made here once per AppHost run and shared by every consumer.
    /// </summary>
    public static IResourceBuilder<T> WithManagedIdentity<T>(this IResourceBuilder<T> builder, IResourceBuilder<IPhotoSettingsEmulatorResource> emulator)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(emulator);
        if (!emulator.Resource.TryGetLastAnnotation<ManagedIdentitySecretAnnotation>(out var annotation))
        {
            annotation = new ManagedIdentitySecretAnnotation(Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
            emulator.WithAnnotation(annotation).WithEnvironment("Emulator__ManagedIdentity__Secret", annotation.Secret);
        }

        return builder
            .WithEnvironment("IDENTITY_ENDPOINT", ReferenceExpression.Create($"{emulator.Resource.HttpEndpoint.Property(EndpointProperty.Url)}/_emulator/msi/token"))
            .WithEnvironment("IDENTITY_HEADER", annotation.Secret);
    }

    private static string PackageVersion()
    {
        var version = typeof(PhotoSettingsEmulatorBuilderExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "latest";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}

/// <summary>The managed-identity secret an emulator resource was given, so every consumer gets the same one.</summary>
internal sealed record ManagedIdentitySecretAnnotation(string Secret) : IResourceAnnotation;
