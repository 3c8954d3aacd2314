using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace PhotoSettings.Emulator.Graph;

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
                    .Where(s => s.Length > depth && (s[depth].StartsWith('{') || s[depth].Equals(parts[i], StringComparison.OrdinalIgnoreCase)
                        || (s[depth].StartsWith('^') && parts[i].StartsWith(s[depth][1..], StringComparison.OrdinalIgnoreCase))))
                    .ToList();
                if (candidates.Count == 0)
                {
                    return parts[i];
                }
            }

            return null;
        }

        // A complex segment that starts with a literal (OData's key forms, profileSources(sourceId='{key}')) matches what starts with that literal, marked '^'.
        private static string[] Segments(RoutePattern pattern) =>
            [.. pattern.PathSegments.Select(s => s.Parts[0] is RoutePatternLiteralPart literal ? (s.IsSimple ? literal.Content : "^" + literal.Content) : "{}")];
    }
}
