using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// The one place that writes Entra's OAuth error JSON (<c>error</c>, <c>error_description</c> starting with the
/// AADSTS code, <c>error_codes</c>, trace and correlation ids), the dialect of the token endpoint and its discovery
/// documents. It sits beside <see cref="GraphError"/> and <see cref="ControlProblem"/> because the middleware and the
/// request guards answer in whichever dialect a path speaks (<see cref="GraphSurface.DialectOf"/>), before any endpoint runs.
/// </summary>
public static class EntraErrors
{
    public static JsonHttpResult<EntraError> Create(HttpContext httpContext, int status, string error, int code, string description)
    {
        var time = httpContext.RequestServices.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var trace = RequestIds.Of(httpContext);
        return TypedResults.Json(
            new EntraError(
                error,
                $"AADSTS{code}: {description} Trace ID: {trace.RequestId} Correlation ID: {trace.ClientRequestId} Timestamp: {now}",
                [code],
                now,
                trace.RequestId,
                trace.ClientRequestId,
                $"https://login.microsoftonline.com/error?code={code}"),
            EmulatorJsonContext.Wire.EntraError,
            statusCode: status);
    }

    /// <summary>AADSTS900144: a parameter the request needs is missing.</summary>
    public static JsonHttpResult<EntraError> MissingParameter(HttpContext httpContext, string parameter) =>
        Create(httpContext, 400, "invalid_request", 900144, $"The request body must contain the following parameter: '{parameter}'.");

    /// <summary>AADSTS900144 as well: the body is no form the reader can take (its limits, a multipart body without a boundary).</summary>
    public static JsonHttpResult<EntraError> UnreadableForm(HttpContext httpContext, string reason) =>
        Create(httpContext, 400, "invalid_request", 900144, "The request body could not be read as a form: " + reason);

    /// <summary>AADSTS90002: the tenant in the path does not exist (<c>invalid_tenant</c> on the discovery documents, as Entra's).</summary>
    public static JsonHttpResult<EntraError> TenantNotFound(HttpContext httpContext, string tenant, string error = "invalid_request") =>
        Create(httpContext, 400, error, 90002,
            $"Tenant '{ClientText.Clip(tenant)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    /// <summary>AADSTS70003: a grant other than client credentials.</summary>
    public static JsonHttpResult<EntraError> UnsupportedGrantType(HttpContext httpContext, string grantType) =>
        Create(httpContext, 400, "unsupported_grant_type", 70003,
            $"The app requested an unsupported grant type '{ClientText.Clip(grantType)}'. The emulator issues tokens for client_credentials only.");

    /// <summary>AADSTS1002012: a scope other than a resource's <c>/.default</c>.</summary>
    public static JsonHttpResult<EntraError> InvalidScope(HttpContext httpContext, string scope) =>
        Create(httpContext, 400, "invalid_scope", 1002012,
            $"The provided value for scope {ClientText.Clip(scope)} is not valid. Client credential flows must have a scope value with /.default "
            + "suffixed to the resource identifier (application ID URI): https://graph.microsoft.com/.default.");

    /// <summary>AADSTS700016: no application with this client id in the tenant.</summary>
    public static JsonHttpResult<EntraError> ApplicationNotFound(HttpContext httpContext, string clientId, string directory) =>
        Create(httpContext, 400, "unauthorized_client", 700016,
            $"Application with identifier '{ClientText.Clip(clientId)}' was not found in the directory '{directory}'. Register it in the tenant's 'applications'.");

    /// <summary>AADSTS7000218: neither a secret nor an assertion.</summary>
    public static JsonHttpResult<EntraError> MissingClientCredential(HttpContext httpContext) =>
        Create(httpContext, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    /// <summary>AADSTS7000215: the secret is wrong.</summary>
    public static JsonHttpResult<EntraError> InvalidClientSecret(HttpContext httpContext, string appId) =>
        Create(httpContext, 401, "invalid_client", 7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, "
            + $"for a secret added to app '{appId}'.");

    /// <summary>AADSTS900561: the token endpoint takes POST only (the emulator answers no CORS preflight either).</summary>
    public static JsonHttpResult<EntraError> PostOnly(HttpContext httpContext, string method) =>
        Create(httpContext, 400, "invalid_request", 900561,
            $"The endpoint only accepts POST, OPTIONS requests. Received a {ClientText.Clip(method)} request."
            + (HttpMethods.IsOptions(method) ? " The emulator answers no CORS preflight: call it from a server, not a browser." : ""));

    /// <summary>
    /// A refusal decided before the token endpoint ran (a malformed request, a guard), in OAuth's words: 4xx is
    /// <c>invalid_request</c> with AADSTS90100 ("a parameter is empty or not valid"), 5xx <c>server_error</c>.
    /// </summary>
    public static JsonHttpResult<EntraError> Refusal(HttpContext httpContext, int status, string description) =>
        status >= 500
            ? Create(httpContext, status, "server_error", 90033, description)
            : Create(httpContext, status, "invalid_request", 90100, description);
}

public sealed record EntraError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription,
    [property: JsonPropertyName("error_codes")] int[] ErrorCodes,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("trace_id")] string TraceId,
    [property: JsonPropertyName("correlation_id")] string CorrelationId,
    [property: JsonPropertyName("error_uri")] string ErrorUri);
