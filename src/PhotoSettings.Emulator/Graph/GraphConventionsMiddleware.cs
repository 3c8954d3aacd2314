using Microsoft.AspNetCore.Http.Features;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Runs first on every request: assigns the request ids and writes them (and Graph's OData-Version)
/// before anything else can answer, turns an unexpected exception into an answer in the path's error
/// dialect, and logs one line per request with its request-id. (The request journal records Graph requests
/// around it: see <c>RequestJournalMiddleware</c>.)
/// </summary>
public sealed partial class GraphConventionsMiddleware(RequestDelegate next, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>
    /// The request lines' category, short enough to name in configuration: an in-process emulator logs only
    /// from Warning, and <c>Logging:LogLevel:PhotoSettings.Emulator.Requests=Information</c> turns them on.
    /// </summary>
    public const string RequestsCategory = "PhotoSettings.Emulator.Requests";

    private readonly ILogger logger = loggers.CreateLogger(RequestsCategory);

    public async Task InvokeAsync(HttpContext httpContext)
    {
        var started = time.GetTimestamp();
        var ids = RequestIds.Assign(httpContext);
        var headers = httpContext.Response.Headers;
        headers[RequestIds.RequestIdHeader] = ids.RequestId;
        headers[RequestIds.ClientRequestIdHeader] = ids.ClientRequestId;
        var isGraph = GraphSurface.IsGraphPath(httpContext.Request.Path);
        if (isGraph)
        {
            headers["OData-Version"] = "4.0";
        }

        try
        {
            if (ids.ClientRequestIdRefused)
            {
                await GraphSurface.RefuseAsync(httpContext, GraphErrors.BadRequest(
                    "The client-request-id header must be visible ASCII (a GUID, as the Graph SDKs send); it holds a control byte or non-ASCII text."));
                return;
            }

            await next(httpContext);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (BadHttpRequestException ex) when (!httpContext.Response.HasStarted)
        {
            // Kestrel's own verdicts on a malformed or oversized request: client input, so a 4xx.
            LogBadRequest(logger, ex.StatusCode, ids.RequestId, ex.Message);
            await GraphSurface.RefuseAsync(httpContext, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? GraphErrors.BodyTooLarge(httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
                : GraphErrors.BadRequest("The request could not be read: " + ex.Message));
        }
        catch (Exception ex) when (!httpContext.Response.HasStarted)
        {
            LogUnhandled(logger, ex, ids.RequestId);
            await GraphSurface.RefuseAsync(httpContext, GraphErrors.Unexpected());
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                // The tenant is the verified token's tid (a GUID), never anything of the raw token.
                LogRequest(
                    logger,
                    httpContext.Request.Method,
                    httpContext.Request.Path.Value ?? "/",
                    httpContext.Response.StatusCode,
                    httpContext.Features.Get<GraphCaller>()?.TenantId.ToString() ?? "-",
                    ids.RequestId,
                    time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} -> {StatusCode} tenant={TenantId} request-id={RequestId} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, string tenantId, string requestId, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Rejected a malformed request ({StatusCode}) request-id={RequestId}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, int statusCode, string requestId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Unhandled exception, request-id={RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
