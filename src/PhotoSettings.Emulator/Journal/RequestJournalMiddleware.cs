using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Journal;

/// <summary>
/// Records every Graph-surface request in the <see cref="RequestJournal"/> once its answer is final. It runs
/// outside <see cref="GraphConventionsMiddleware"/>, so an answer that middleware writes for an exception is
/// recorded as sent.
/// </summary>
public sealed class RequestJournalMiddleware(RequestDelegate next, RequestJournal journal, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext httpContext)
    {
        try
        {
            await next(httpContext);
        }
        finally
        {
            if (GraphSurface.IsGraphPath(httpContext.Request.Path))
            {
                Record(httpContext);
            }
        }
    }

    private void Record(HttpContext httpContext)
    {
        var ids = RequestIds.Of(httpContext);
        var caller = httpContext.Features.Get<GraphCaller>();
        var request = httpContext.Request;
        journal.Add(new JournalEntry(
            time.GetUtcNow(),
            caller?.TenantId.ToString(),
            caller?.ObjectId?.ToString(),
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.HasValue ? request.QueryString.Value : null,
            httpContext.Response.StatusCode,
            ids.RequestId,
            ids.ClientRequestId,
            request.Headers["Retry-Attempt"].FirstOrDefault(),
            httpContext.Features.Get<AppliedFault>()?.RuleId,
            request.Host.Value ?? ""));
    }
}
