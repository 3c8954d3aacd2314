using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using PhotoSettings.Aspire.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// The emulator's proxy for Microsoft's hosts in an Aspire app: <c>graph.WithProxy()</c> adds a <c>proxy</c> endpoint, and
/// <c>project.WithProxyReference(graph)</c> gives a project that cannot be re-pointed (it calls https://graph.microsoft.com
/// and https://login.microsoftonline.com) the environment that sends it there: <c>HTTPS_PROXY</c> and the proxy's root.
/// </summary>
public static class PhotoSettingsEmulatorProxyExtensions
{
    /// <summary>The name of the proxy's endpoint.</summary>
    public const string ProxyEndpointName = "proxy";

    private const int ContainerProxyPort = 8082;

    /// <summary>
    /// Makes the emulator also an HTTPS proxy for graph.microsoft.com and login.microsoftonline.com (<c>Emulator:Proxy:Port</c>)
    /// on an endpoint named <c>proxy</c>; it forwards nothing anywhere. <paramref name="port"/> is the host port, random when null.
    /// </summary>
    public static IResourceBuilder<T> WithProxy<T>(this IResourceBuilder<T> builder, int? port = null)
        where T : IPhotoSettingsEmulatorResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Resource is ContainerResource
            ? builder.WithEndpoint(port: port, targetPort: ContainerProxyPort, scheme: "http", name: ProxyEndpointName)
                .WithEnvironment("Emulator__Proxy__Port", ContainerProxyPort.ToString(CultureInfo.InvariantCulture))
            : builder.WithEndpoint(port: port, scheme: "http", name: ProxyEndpointName, env: "Emulator__Proxy__Port");
    }

    /// <summary>
    /// Gives <paramref name="builder"/> the environment that sends its calls to Microsoft's hosts through the emulator's proxy:
    /// <c>HTTPS_PROXY</c> (the proxy endpoint), and the proxy's root certificate, fetched from the emulator once it runs and
    /// written to a file, in <c>NODE_EXTRA_CA_CERTS</c> and <c>PHOTOSETTINGS_PROXY_CA</c> (for a .NET app's validation
    /// callback, or <c>SSL_CERT_FILE</c> if you choose). The emulator needs <see cref="WithProxy{T}"/>; wait for it
    /// (<c>WaitFor(graph)</c>) so the certificate can be fetched.
    /// </summary>
    public static IResourceBuilder<TDestination> WithProxyReference<TDestination, TEmulator>(this IResourceBuilder<TDestination> builder, IResourceBuilder<TEmulator> emulator)
        where TDestination : IResourceWithEnvironment
        where TEmulator : IPhotoSettingsEmulatorResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(emulator);
        var proxy = new EndpointReference(emulator.Resource, ProxyEndpointName);
        var http = emulator.Resource.HttpEndpoint;
        return builder.WithEnvironment(async context =>
        {
            context.EnvironmentVariables["HTTPS_PROXY"] = proxy.Property(EndpointProperty.Url);
            if (!context.ExecutionContext.IsRunMode)
            {
                return;
            }

            var address = await http.GetValueAsync(context.CancellationToken)
                ?? throw new InvalidOperationException($"The emulator '{emulator.Resource.Name}' has no http address yet.");
            using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
            using var answer = await client.GetAsync(new Uri("/_emulator/proxy/ca.pem", UriKind.Relative), context.CancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The emulator '{emulator.Resource.Name}' served no proxy root ({(int)answer.StatusCode}): give it WithProxy().");
            }

            var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "photosettings-aspire")).FullName;
            var file = Path.Combine(folder, $"{emulator.Resource.Name}-proxy-ca.pem");
            await File.WriteAllTextAsync(file, await answer.Content.ReadAsStringAsync(context.CancellationToken), context.CancellationToken);
            context.EnvironmentVariables["NODE_EXTRA_CA_CERTS"] = file;
            context.EnvironmentVariables["PHOTOSETTINGS_PROXY_CA"] = file;
        });
    }
}
