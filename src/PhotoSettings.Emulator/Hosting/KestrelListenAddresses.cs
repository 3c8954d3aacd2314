using Microsoft.AspNetCore.Server.Kestrel.Https;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Kestrel's listen addresses: where the emulator listens. http comes from the usual ASP.NET settings (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>), defaulting to http://localhost:5080; with
/// <c>Emulator:Https:Enabled</c> an https endpoint is added beside them, serving the emulator's own
/// certificate unless Kestrel is given one. Kestrel endpoints configured by the user are left alone.
/// <c>ASPNETCORE_HTTP_PORTS</c> listens on loopback only, except in a container (<c>DOTNET_RUNNING_IN_CONTAINER=true</c>),
/// where loopback would be unreachable from outside. The addresses also decide which Host names are accepted
/// (<see cref="AllowedHosts"/>).
/// </summary>
public static class KestrelListenAddresses
{
    public static void Configure(WebApplicationBuilder builder)
    {
        // The slim builder leaves https out of Kestrel; https:// urls and Kestrel:Endpoints need it back.
        builder.WebHost.UseKestrelHttpsConfiguration();
        var configuration = builder.Configuration;
        var https = configuration.GetSection(HttpsSettings.Section).Get<HttpsSettings>() ?? new HttpsSettings();
        var inContainer = string.Equals(configuration["DOTNET_RUNNING_IN_CONTAINER"], "true", StringComparison.OrdinalIgnoreCase);
        var endpoints = configuration.GetSection("Kestrel:Endpoints");
        var proxy = ProxyListener.Configure(builder, inContainer);
        if (endpoints.Exists())
        {
            if (proxy is not null)
            {
                // Kestrel's own endpoints replace every listen address, so the proxy joins them as one more.
                configuration["Kestrel:Endpoints:PhotoSettingsProxy:Url"] = proxy;
            }

            var configured = endpoints.GetChildren().Select(e => e["Url"] ?? "").ToList();
            builder.Services.AddSingleton(new ListenUrls([.. endpoints.GetChildren().Where(e => e.Key != "PhotoSettingsProxy").Select(e => e["Url"] ?? "")]));
            builder.Services.AddSingleton(services => HostsFor(services.GetRequiredService<IConfiguration>(), configured, inContainer));
            return;
        }

        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var ports = configuration["http_ports"];
            urls = string.IsNullOrWhiteSpace(ports)
                ? EmulatorHosting.DefaultUrl
                : string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(p => inContainer ? $"http://*:{p}" : $"http://localhost:{p}"));
        }

        if (https.Enabled)
        {
            var everywhere = urls.Split(';').Any(u => u.Contains("://*", StringComparison.Ordinal) || u.Contains("://+", StringComparison.Ordinal)
                || u.Contains("://0.0.0.0", StringComparison.Ordinal) || u.Contains("://[::]", StringComparison.Ordinal));
            urls += $";https://{(everywhere ? "*" : "localhost")}:{https.Port}";
            if (!configuration.GetSection("Kestrel:Certificates:Default").Exists())
            {
                var dataDir = configuration["Emulator:DataDir"] is { Length: > 0 } dir ? dir : "data";
                var certificate = EmulatorCertificate.LoadOrCreate(Path.Combine(dataDir, "https"), TimeProvider.System, https.Hosts);
                builder.Services.AddSingleton(certificate);
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(
                    (HttpsConnectionAdapterOptions options) => options.ServerCertificate = certificate.Certificate));
            }
        }

        var listening = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.AddSingleton(new ListenUrls(listening));
        builder.WebHost.UseUrls(proxy is null ? urls : $"{urls};{proxy}");
        // Read from the final configuration: a test host's settings arrive after this runs.
        builder.Services.AddSingleton(services => HostsFor(services.GetRequiredService<IConfiguration>(), listening, inContainer));
    }

    /// <summary>
    /// The Host names to accept: the configured ones, plus, when a listen address reaches beyond loopback, the name it
    /// gives (callers on other machines send it) and IP literals; in a container, names without a dot as well.
    /// </summary>
    private static AllowedHosts HostsFor(IConfiguration configuration, IEnumerable<string> urls, bool inContainer)
    {
        var names = configuration.GetSection("Emulator:AllowedHosts").GetChildren().Select(c => c.Value ?? "")
            .Concat(configuration.GetSection("Emulator:Https:Hosts").GetChildren().Select(c => c.Value ?? ""))
            .SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (inContainer)
        {
            // A container reaching this one through the host's published port names the host by these.
            names.AddRange(["host.docker.internal", "host.containers.internal"]);
        }

        var beyondLoopback = inContainer;
        foreach (var url in urls)
        {
            var host = ListenHost(url);
            if (host is null || AllowedHosts.Loopback.Contains(host, StringComparer.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal))
            {
                continue;
            }

            beyondLoopback = true;
            if (host is not ("*" or "+" or "0.0.0.0" or "[::]"))
            {
                names.Add(host);
            }
        }

        return new AllowedHosts(names, ipLiterals: beyondLoopback, dotlessNames: inContainer);
    }

    private static string? ListenHost(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = url[(start + 3)..];
        var end = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        return end <= 0 ? rest : rest[..end];
    }
}

/// <summary>The addresses Kestrel listens on besides the proxy's: what a proxy port must not repeat.</summary>
public sealed record ListenUrls(IReadOnlyList<string> Urls)
{
    /// <summary>Each address's port, where it names one (<c>http://*:5080</c>, <c>http://localhost:5080</c>).</summary>
    public IEnumerable<(string Url, int Port)> Ports =>
        Urls.Select(url => (url, Port: TryPort(url))).Where(p => p.Port is not null).Select(p => (p.url, p.Port!.Value));

    private static int? TryPort(string url)
    {
        try
        {
            return BindingAddress.Parse(url).Port;
        }
        catch (FormatException)
        {
            // Kestrel reports an address it cannot read itself, at start-up.
            return null;
        }
    }
}
