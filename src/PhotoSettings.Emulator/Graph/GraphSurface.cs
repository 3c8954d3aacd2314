namespace PhotoSettings.Emulator.Graph;

/// <summary>The error dialects the emulator speaks, one per surface.</summary>
public enum ErrorDialect
{
    /// <summary>Graph's envelope, under <c>/beta</c> and <c>/v1.0</c>.</summary>
    Graph,

    /// <summary>RFC 9457 ProblemDetails: the control API and everything that is not Graph or the token service.</summary>
    Control,

    /// <summary>Entra's OAuth JSON: the token endpoint and its discovery documents at <c>/{tenant}/...</c>.</summary>
    Entra,
}

/// <summary>Which error dialect a path speaks, and how a refusal is written in it.</summary>
public static class GraphSurface
{
    public static readonly string[] Versions = ["beta", "v1.0"];

    public const string ControlPrefix = "/_emulator";

    /// <summary>What follows the tenant segment on the token service's paths (MSAL builds them itself).</summary>
    private static readonly string[] EntraPrefixes = ["/oauth2", "/v2.0", "/discovery"];

    public static bool IsGraphPath(PathString path) =>
        path.StartsWithSegments("/beta", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase);

    public static bool IsControlPath(PathString path) =>
        path.StartsWithSegments(ControlPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the path is the token service's: <c>/{tenant}/oauth2/...</c>, <c>/{tenant}/v2.0/...</c>, <c>/{tenant}/discovery/...</c>.</summary>
    public static bool IsEntraPath(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value.Length < 2)
        {
            return false;
        }

        var afterTenant = value.IndexOf('/', 1);
        if (afterTenant < 0)
        {
            return false;
        }

        var rest = new PathString(value[afterTenant..]);
        return Array.Exists(EntraPrefixes, p => rest.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
    }

    public static ErrorDialect DialectOf(PathString path) =>
        IsGraphPath(path) ? ErrorDialect.Graph
        : IsControlPath(path) ? ErrorDialect.Control
        : IsEntraPath(path) ? ErrorDialect.Entra
        : ErrorDialect.Control;

    /// <summary>
    /// Answers a request that is refused before (or instead of) its endpoint, in its path's dialect: the request ids
    /// (and Graph's OData-Version) written again, since a refusal clears the response. The one way middleware, guards
    /// and the fallback refuse.
    /// </summary>
    public static Task RefuseAsync(HttpContext httpContext, GraphError error)
    {
        var ids = RequestIds.Of(httpContext);
        httpContext.Response.Clear();
        var headers = httpContext.Response.Headers;
        headers[RequestIds.RequestIdHeader] = ids.RequestId;
        headers[RequestIds.ClientRequestIdHeader] = ids.ClientRequestId;
        var dialect = DialectOf(httpContext.Request.Path);
        if (dialect == ErrorDialect.Graph)
        {
            headers["OData-Version"] = "4.0";
        }

        return dialect switch
        {
            ErrorDialect.Graph => error.ExecuteAsync(httpContext),
            ErrorDialect.Entra => EntraErrors.Refusal(httpContext, error.StatusCode, error.Message).ExecuteAsync(httpContext),
            _ => ControlProblem.Create(error.StatusCode, error.Message).ExecuteAsync(httpContext),
        };
    }
}
