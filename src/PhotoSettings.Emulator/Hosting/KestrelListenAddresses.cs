using Microsoft.AspNetCore.Server.Kestrel.Https;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Kestrel's listen addresses: where the emulator listens. http comes from the usual ASP.NET settings (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>), defaulting to http://localhost:5080; with
/// <c>Emulator:Https:Enabled</c> an https endpoint is added beside them, serving the emulator's own
/// certificate unless Kestrel is given one. Kestrel endpoints configured by the user are left alone.
/// </summary>
public static class KestrelListenAddresses
{
    public static void Configure(WebApplicationBuilder builder)
    {
        // The slim builder leaves https out of Kestrel; https:// urls and Kestrel:Endpoints need it back.
        builder.WebHost.UseKestrelHttpsConfiguration();
        var configuration = builder.Configuration;
        var https = configuration.GetSection(HttpsSettings.Section).Get<HttpsSettings>() ?? new HttpsSettings();
        if (configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            return;
        }

        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var ports = configuration["http_ports"];
            urls = string.IsNullOrWhiteSpace(ports)
                ? EmulatorHosting.DefaultUrl
                : string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
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

        builder.WebHost.UseUrls(urls);
    }
}
