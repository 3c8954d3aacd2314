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

    /// <summary>AADSTS700027 with Entra's reason "The key was not found.": no certificate of the application is the one the assertion names.</summary>
    public static JsonHttpResult<EntraError> AssertionKeyNotFound(HttpContext httpContext, string appId, string thumbprint, bool appHasCertificates) =>
        Create(httpContext, 401, "invalid_client", 700027,
            $"Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '{ClientText.Clip(thumbprint)}'"
            + (appHasCertificates
                ? $", Please see the certificates registered for app Id '{appId}' with GET /_emulator/tenants/{{tenant}}/applications/{appId}/certificates.]"
                : $", app Id '{appId}' has no certificates: register the public certificate in the tenants file or with POST /_emulator/tenants/{{tenant}}/applications/{appId}/certificates.]"));

    /// <summary>AADSTS700027: the certificate was found but the signature does not verify with it (or the algorithm is not RS256 or PS256).</summary>
    public static JsonHttpResult<EntraError> AssertionSignatureInvalid(HttpContext httpContext, string thumbprint, string reason) =>
        Create(httpContext, 401, "invalid_client", 700027,
            $"Client assertion failed signature validation. [Reason - {reason}, Thumbprint of key used by client: '{ClientText.Clip(thumbprint)}']");

    /// <summary>AADSTS700024: the assertion's exp or nbf leaves the current time out (five minutes' skew allowed).</summary>
    public static JsonHttpResult<EntraError> AssertionOutsideTimeRange(HttpContext httpContext, DateTimeOffset now, DateTimeOffset? notBefore, DateTimeOffset expires) =>
        Create(httpContext, 401, "invalid_client", 700024,
            $"Client assertion is not within its valid time range. Current time: {now:yyyy-MM-ddTHH:mm:ss.fffffffZ}, "
            + (notBefore is { } nbf ? $"assertion valid from {nbf:yyyy-MM-ddTHH:mm:ss.fffffffZ}, " : "")
            + $"expiry time of assertion {expires:yyyy-MM-ddTHH:mm:ss.fffffffZ}. "
            + "Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");

    /// <summary>AADSTS700023: the assertion's aud is not this tenant's token endpoint.</summary>
    public static JsonHttpResult<EntraError> AssertionAudienceMismatch(HttpContext httpContext, string audience, string expected) =>
        Create(httpContext, 401, "invalid_client", 700023,
            $"Client assertion audience claim does not match Realm issuer. The assertion's aud is '{ClientText.Clip(audience)}'; expected '{expected}' "
            + "(or the same path on https://login.microsoftonline.com).");

    /// <summary>AADSTS700021: the assertion's iss or sub is not the client_id.</summary>
    public static JsonHttpResult<EntraError> AssertionClientMismatch(HttpContext httpContext, string claim, string value, string clientId) =>
        Create(httpContext, 401, "invalid_client", 700021,
            $"Client assertion application identifier doesn't match 'client_id' parameter: its '{claim}' is '{ClientText.Clip(value)}', the client_id '{ClientText.Clip(clientId)}'. "
            + "Both iss and sub must be the application's client id.");

    /// <summary>AADSTS50027: the assertion is no JWT, lacks a claim Entra requires, or is too long to read.</summary>
    public static JsonHttpResult<EntraError> AssertionMalformed(HttpContext httpContext, string reason) =>
        Create(httpContext, 400, "invalid_request", 50027, "JWT token is invalid or malformed. " + reason);

    /// <summary>
    /// AADSTS50013 (InvalidAssertion), the emulator's choice for a replayed assertion: Entra documents no code of its
    /// own for a jti used twice. The jti is remembered until the assertion expires.
    /// </summary>
    public static JsonHttpResult<EntraError> AssertionReplayed(HttpContext httpContext, string jti) =>
        Create(httpContext, 401, "invalid_client", 50013,
            $"Assertion is invalid: its jti '{ClientText.Clip(jti)}' was already used. Sign a new client assertion, with a new jti, for each token request.");

    /// <summary>AADSTS90023 (InvalidRequest), the emulator's choice: a client_assertion_type other than jwt-bearer, or a secret and an assertion at once.</summary>
    public static JsonHttpResult<EntraError> InvalidClientAuthentication(HttpContext httpContext, string description) =>
        Create(httpContext, 400, "invalid_request", 90023, description);

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
