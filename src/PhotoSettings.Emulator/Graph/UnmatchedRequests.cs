using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Answers every request no endpoint took, the way Graph would: a known path with the wrong method
/// is 405 with <c>Allow</c>; an unknown segment under <c>/beta</c> or <c>/v1.0</c> is 400 "Resource not
/// found for the segment"; anything else is 404. What is "known" is read from the app's own endpoints,
/// so a new route needs no second registration here (see <see cref="RouteCatalog"/>).
/// </summary>
public static class UnmatchedRequests
{
    /// <summary>
    /// Graph containers above our resources that exist in Graph but that the emulator does not serve,
    /// so that their names are "found" and the error names the segment Graph would name.
    /// </summary>
    internal static readonly string[] KnownContainers = ["admin", "admin/people"];

    /// <summary>Marks the fallback endpoints, so the route catalogue leaves them out.</summary>
    internal sealed class Marker;

    public static IEndpointRouteBuilder MapUnmatchedRequests(this IEndpointRouteBuilder app)
    {
        foreach (var pattern in (string[])["/{**path}", "/beta/{**path}", "/v1.0/{**path}"])
        {
            app.Map(pattern, Handle).WithMetadata(new Marker()).ExcludeFromDescription();
        }

        return app;
    }

    public static Results<GraphError, ControlProblem, JsonHttpResult<EntraError>> Handle(HttpContext httpContext, RouteCatalog catalog)
    {
        var request = httpContext.Request;
        var path = request.Path.Value ?? "/";
        var allowed = catalog.MethodsFor(path);
        if (GraphSurface.DialectOf(request.Path) == ErrorDialect.Entra)
        {
            return Entra(httpContext, path, allowed);
        }

        var isGraph = GraphSurface.IsGraphPath(request.Path);
        if (allowed.Contains(request.Method))
        {
            // The method is served here, so only the content type can have kept the endpoint from matching.
            var unsupported = GraphErrors.UnsupportedMediaType(request.ContentType, "application/json");
            return isGraph ? unsupported : ControlProblem.Create(unsupported.StatusCode, unsupported.Message);
        }

        if (allowed.Count > 0)
        {
            var error = GraphErrors.MethodNotAllowed(request.Method, path, allowed);
            return isGraph ? error : ControlProblem.Create(error.StatusCode, error.Message).WithHeader("Allow", string.Join(", ", allowed));
        }

        if (isGraph)
        {
            return catalog.UnknownGraphSegment(path) is { } segment
                ? GraphErrors.SegmentNotFound(segment)
                : GraphErrors.NotFound($"The emulator serves no resource at '{path}'. It serves: {string.Join(", ", catalog.GraphPaths)}.");
        }

        var notFound = GraphSurface.IsControlPath(request.Path)
            ? $"The control API has no resource at '{path}'."
            : $"Nothing is served at '{path}'. Graph resources live under /beta and /v1.0, the emulator's control API under /_emulator, its API description at /openapi/v1.json and /swagger.";
        return GraphSurface.IsControlPath(request.Path)
            ? ControlProblem.NotFound(notFound)
            : GraphErrors.NotFound(notFound);
    }

    /// <summary>The token service's paths answer in OAuth's JSON whatever the method, as Entra's do.</summary>
    private static JsonHttpResult<EntraError> Entra(HttpContext httpContext, string path, IReadOnlyCollection<string> allowed)
    {
        var method = httpContext.Request.Method;
        if (allowed.Contains(HttpMethods.Post))
        {
            return EntraErrors.PostOnly(httpContext, method);
        }

        if (allowed.Count > 0 && !allowed.Contains(method))
        {
            httpContext.Response.Headers.Allow = string.Join(", ", allowed);
            return EntraErrors.Refusal(httpContext, StatusCodes.Status405MethodNotAllowed,
                $"The method {ClientText.Clip(method)} is not allowed here; '{ClientText.Clip(path)}' takes {string.Join(", ", allowed)}.");
        }

        return EntraErrors.Refusal(httpContext, StatusCodes.Status404NotFound,
            $"The token service serves nothing at '{ClientText.Clip(path)}'. It serves /{{tenant}}/oauth2/v2.0/token, "
            + "/{tenant}/v2.0/.well-known/openid-configuration and /{tenant}/discovery/v2.0/keys.");
    }
}
