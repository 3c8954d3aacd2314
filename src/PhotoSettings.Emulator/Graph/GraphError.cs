using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// The one place that writes Microsoft Graph's error envelope:
/// <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.
/// Handlers return it through <c>Results&lt;…&gt;</c>; middleware and fallbacks execute it directly.
/// </summary>
public sealed class GraphError : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private GraphError(int statusCode, string code, string message)
    {
        StatusCode = statusCode;
        Code = code;
        Message = message;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string Code { get; }

    public string Message { get; }

    /// <summary>Every problem found, when there was more than one (Graph's <c>details</c> array).</summary>
    public IReadOnlyList<GraphErrorDetail>? Details { get; private init; }

    /// <summary>Headers that belong to this answer, such as <c>Allow</c> on a 405.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private init; } = [];

    public static GraphError Create(int statusCode, string code, string message) => new(statusCode, code, message);

    public GraphError WithDetails(IReadOnlyList<GraphErrorDetail> details) =>
        new(StatusCode, Code, Message) { Details = details, Headers = Headers };

    public GraphError WithHeader(string name, string value) =>
        new(StatusCode, Code, Message) { Details = Details, Headers = [.. Headers, new(name, value)] };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ids = RequestIds.Of(httpContext);
        var time = httpContext.RequestServices.GetRequiredService<TimeProvider>();
        var envelope = new GraphErrorEnvelope(new GraphErrorBody(
            Code,
            Message,
            Details,
            new GraphInnerError(
                time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                ids.RequestId,
                ids.ClientRequestId)));

        var response = httpContext.Response;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        await GraphJson.WriteAsync(httpContext, StatusCode, envelope, EmulatorJsonContext.Wire.GraphErrorEnvelope);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        foreach (var status in (int[])[400, 401, 403, 404, 405, 413, 415])
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(GraphErrorEnvelope), [GraphJson.MediaType]));
        }
    }
}

public sealed record GraphErrorDetail(string Code, string Message, string? Target);

public sealed record GraphErrorEnvelope(GraphErrorBody Error);

public sealed record GraphErrorBody(
    string Code,
    string Message,
    IReadOnlyList<GraphErrorDetail>? Details,
    GraphInnerError InnerError);

public sealed record GraphInnerError(
    string Date,
    [property: JsonPropertyName("request-id")] string RequestId,
    [property: JsonPropertyName("client-request-id")] string ClientRequestId);
