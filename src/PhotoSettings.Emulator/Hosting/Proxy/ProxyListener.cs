using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// The proxy listener's place in Kestrel: one more listen address (loopback; every interface in a container, whose
/// network is its boundary), on which connection middleware answers CONNECT before TLS and TLS serves a leaf of the
/// emulator's own root for the tunnel's host. The tunnel's requests then run through the same pipeline as any other.
/// </summary>
public static class ProxyListener
{
    /// <summary>Adds the listener when <c>Emulator:Proxy:Port</c> is set; returns the listen address to add to Kestrel's.</summary>
    public static string? Configure(WebApplicationBuilder builder, bool inContainer)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddClosedOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        var options = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        if (options.Port is not { } port || port is < 1 or > 65535)
        {
            // An invalid port is reported by the validator at start-up, with every other problem.
            return null;
        }

        var dataDir = configuration["Emulator:DataDir"] is { Length: > 0 } dir ? dir : "data";
        var authority = ProxyCertificateAuthority.LoadOrCreate(Path.Combine(dataDir, "proxy"), TimeProvider.System, options.AllHosts);
        services.AddSingleton(authority);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            if (listen.IPEndPoint?.Port != port)
            {
                return;
            }

            var app = listen.ApplicationServices;
            var logger = app.GetRequiredService<ILoggerFactory>().CreateLogger("PhotoSettings.Emulator.Proxy");
            var proxy = app.GetRequiredService<IOptions<ProxyOptions>>().Value;
            var time = app.GetRequiredService<TimeProvider>();
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.Use(next => new ProxyConnectMiddleware(next, proxy, inContainer, time, logger).OnConnectionAsync);
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                // The leaf names the tunnel's host; an SNI naming another host gets none, and the handshake fails.
                ServerCertificateSelector = (connection, name) =>
                    connection?.Features.Get<ProxyTunnel>() is { } tunnel && (name is null || name.Equals(tunnel.Host, StringComparison.OrdinalIgnoreCase))
                        ? authority.LeafFor(tunnel.Host)
                        : null,
            });
        }));
        return inContainer ? $"http://*:{port}" : $"http://localhost:{port}";
    }

    /// <summary>Each proxied host serves its own surface; the rest of the emulator answers 404 in that host's dialect.</summary>
    public static IApplicationBuilder UseProxiedHosts(this IApplicationBuilder app) => app.Use((httpContext, next) =>
    {
        if (httpContext.Features.Get<ProxyTunnel>() is not { } tunnel)
        {
            return next(httpContext);
        }

        var path = httpContext.Request.Path;
        if (tunnel.Surface == ProxiedSurface.Graph && !GraphSurface.IsGraphPath(path))
        {
            return GraphErrors.NotFound($"{tunnel.Host} serves Graph under /beta and /v1.0 through the emulator's proxy; "
                + $"nothing is served at '{ClientText.Clip(path.Value ?? "/")}'. The token service is at the sign-in host.").ExecuteAsync(httpContext);
        }

        if (tunnel.Surface == ProxiedSurface.Login && !GraphSurface.IsEntraPath(path))
        {
            return EntraErrors.Refusal(httpContext, StatusCodes.Status404NotFound,
                $"{tunnel.Host} serves the token service through the emulator's proxy (/{{tenant}}/oauth2/v2.0/token, /{{tenant}}/v2.0/.well-known/openid-configuration, "
                + $"/{{tenant}}/discovery/v2.0/keys, /common/discovery/instance); nothing is served at '{ClientText.Clip(path.Value ?? "/")}'.").ExecuteAsync(httpContext);
        }

        return next(httpContext);
    });
}
