using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Runs before any handler: refuses a request whose Host is not one the emulator serves (DNS rebinding), a
/// state-changing request a browser marks as coming from another site (a page on any origin can POST to localhost
/// without a preflight), and a control API body that declares no media type (what a no-cors fetch of a typeless
/// Blob sends). Refusals are 403 (415 for the body) in the path's dialect; nothing behind the guard runs.
/// </summary>
public sealed class RequestOriginGuard(RequestDelegate next, AllowedHosts allowedHosts)
{
    /// <summary>
    /// Graph's generic 403 code, not <c>Authorization_RequestDenied</c>: that one tells an SDK user to look at roles and
    /// permissions, when what is refused is where the request came from.
    /// </summary>
    public const string Code = "Forbidden";

    public Task InvokeAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        // Inside a proxy tunnel the one Host served is the tunnel's (graph.microsoft.com, say); elsewhere such names are foreign.
        var tunnel = httpContext.Features.Get<ProxyTunnel>();
        if (tunnel is not null ? !tunnel.Serves(request.Host) : !allowedHosts.Allows(request.Host))
        {
            return GraphSurface.RefuseAsync(httpContext, GraphError.Create(StatusCodes.Status403Forbidden, Code, ForeignHost(request.Host, tunnel)));
        }

        if (!IsSafe(request.Method) && CrossSite(request) is { } site)
        {
            return GraphSurface.RefuseAsync(httpContext, GraphError.Create(StatusCodes.Status403Forbidden, Code, site));
        }

        if (GraphSurface.IsControlPath(request.Path) && string.IsNullOrWhiteSpace(request.ContentType) && HasBody(httpContext))
        {
            return GraphSurface.RefuseAsync(httpContext, GraphError.Create(
                StatusCodes.Status415UnsupportedMediaType,
                GraphErrors.UnsupportedMediaTypeCode,
                "The request has a body but no Content-Type; a body sent to /_emulator must declare its media type (Content-Type: application/json)."));
        }

        return next(httpContext);
    }

    // What HTTP calls safe: a browser's reads are kept from other sites by CORS (the emulator allows no origin).
    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary>Why the request is another site's, or null. curl and the SDKs send neither header and pass.</summary>
    private static string? CrossSite(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || fetchSite.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return $"The browser marks this request as coming from another site (Sec-Fetch-Site: {fetchSite.ToLowerInvariant()}); "
                + "the emulator takes state-changing requests only from its own pages and from tools. Send it from the console, Swagger UI or a tool such as curl.";
        }

        var origins = request.Headers.Origin;
        if (origins.Count == 0)
        {
            return null;
        }

        var own = $"{request.Scheme}://{request.Host.Value}";
        var origin = origins.ToString();
        return origins.Count == 1 && origin.Equals(own, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"The request comes from the origin '{ClientText.Clip(origin)}', not from the emulator's own ({ClientText.Clip(own)}); "
                + "the emulator takes state-changing requests only from its own pages and from tools, so a page on another site cannot change its state.";
    }

    private static string ForeignHost(HostString host, ProxyTunnel? tunnel) =>
        tunnel is not null
            ? $"This proxy tunnel was opened to {tunnel.Host}:443; a request inside it must name that Host, not '{ClientText.Clip(host.Value ?? "")}'."
        : host.HasValue && host.Host.Length > 0
            ? $"The Host '{ClientText.Clip(host.Host)}' is not a name this emulator serves (a page whose name resolves to this machine could otherwise read "
                + "and change its state: DNS rebinding). If you reach the emulator by this name, add it to Emulator:AllowedHosts."
            : "The request names no Host; the emulator answers only requests that name it (localhost, 127.0.0.1, [::1] or a name in Emulator:AllowedHosts).";

    private static bool HasBody(HttpContext httpContext) =>
        httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? httpContext.Request.ContentLength > 0;
}
