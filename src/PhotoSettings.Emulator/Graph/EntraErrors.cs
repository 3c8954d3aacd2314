using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

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
