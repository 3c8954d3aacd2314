using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Answers every request no endpoint took, the way Graph would: a known path with the wrong method
/// is 405 with <c>Allow</c>; an unknown segment under <c>/beta</c> or <c>/v1.0</c> is 400 "Resource not
/// found for the segment"; anything else is 404. What is "known" is read from the app's own endpoints,
/// so a new route needs no second registration here.
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

    public static IResult Handle(HttpContext httpContext, RouteCatalog catalog)
    {
        var request = httpContext.Request;
        var path = request.Path.Value ?? "/";
        var allowed = catalog.MethodsFor(path);
        var isGraph = GraphSurface.IsGraphPath(request.Path);
        if (allowed.Contains(request.Method))
        {
            // The method is served here, so only the content type can have kept the endpoint from matching.
            var unsupported = GraphErrors.UnsupportedMediaType(request.ContentType, "application/json");
            return isGraph ? unsupported : TypedResults.Problem(statusCode: unsupported.StatusCode, detail: unsupported.Message);
        }

        if (allowed.Count > 0)
        {
            var error = GraphErrors.MethodNotAllowed(request.Method, path, allowed);
            return isGraph ? error : Problem(error).WithAllow(allowed);
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
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: notFound)
            : GraphErrors.NotFound(notFound);
    }

    private static ProblemWithAllow Problem(GraphError error) => new(TypedResults.Problem(statusCode: error.StatusCode, detail: error.Message));

    private sealed class ProblemWithAllow(ProblemHttpResult inner) : IResult
    {
        private IReadOnlyCollection<string> _allowed = [];

        public ProblemWithAllow WithAllow(IReadOnlyCollection<string> allowed)
        {
            _allowed = allowed;
            return this;
        }

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Allow = string.Join(", ", _allowed);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>The app's route patterns, read from the endpoint data source on first use (when every endpoint is mapped).</summary>
public sealed class RouteCatalog(EndpointDataSource endpoints)
{
    private readonly Lazy<Index> _index = new(() => new Index(endpoints));

    public IReadOnlyList<string> GraphPaths => _index.Value.GraphPaths;

    public IReadOnlyList<string> MethodsFor(string path) => _index.Value.MethodsFor(path);

    public string? UnknownGraphSegment(string path) => _index.Value.UnknownGraphSegment(path);

    private sealed class Index
    {
        private readonly List<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)> _routes = [];
        private readonly List<(string Version, string[] Segments)> _graphTree = [];

        public List<string> GraphPaths { get; } = [];

        public Index(EndpointDataSource endpoints)
        {
            foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
            {
                if (endpoint.Metadata.GetMetadata<UnmatchedRequests.Marker>() is not null)
                {
                    continue;
                }

                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
                var raw = endpoint.RoutePattern.RawText ?? "";
                var matcher = new TemplateMatcher(TemplateParser.Parse(raw.TrimStart('/')), new RouteValueDictionary());
                _routes.Add((matcher, methods));

                var segments = Segments(endpoint.RoutePattern);
                if (segments.Length > 0 && GraphSurface.Versions.Contains(segments[0], StringComparer.OrdinalIgnoreCase))
                {
                    _graphTree.Add((segments[0], segments[1..]));
                    if (!GraphPaths.Contains(raw, StringComparer.OrdinalIgnoreCase))
                    {
                        GraphPaths.Add(raw);
                    }
                }
            }

            foreach (var version in GraphSurface.Versions)
            {
                foreach (var container in UnmatchedRequests.KnownContainers)
                {
                    _graphTree.Add((version, container.Split('/')));
                }
            }
        }

        public IReadOnlyList<string> MethodsFor(string path)
        {
            var methods = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (matcher, allowed) in _routes)
            {
                if (matcher.TryMatch(path, new RouteValueDictionary()))
                {
                    methods.UnionWith(allowed);
                }
            }

            return [.. methods];
        }

        /// <summary>The first segment after the version that no Graph route or known container has, if any.</summary>
        public string? UnknownGraphSegment(string path)
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var candidates = _graphTree.Where(r => r.Version.Equals(parts[0], StringComparison.OrdinalIgnoreCase)).Select(r => r.Segments).ToList();
            for (var i = 1; i < parts.Length; i++)
            {
                var depth = i - 1;
                candidates = candidates
                    .Where(s => s.Length > depth && (s[depth].StartsWith('{') || s[depth].Equals(parts[i], StringComparison.OrdinalIgnoreCase)))
                    .ToList();
                if (candidates.Count == 0)
                {
                    return parts[i];
                }
            }

            return null;
        }

        private static string[] Segments(RoutePattern pattern) =>
            [.. pattern.PathSegments.Select(s => s.IsSimple && s.Parts[0] is RoutePatternLiteralPart literal ? literal.Content : "{}")];
    }
}
