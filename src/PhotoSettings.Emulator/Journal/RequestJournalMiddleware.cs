using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Journal;

/// <summary>
/// Records every Graph-surface request in the <see cref="RequestJournal"/> once its answer is final: as its status
/// line is about to be sent, so a client that reads the journal after its answer arrived always finds it (recording
/// after the pipeline returned let a fast client read the journal first). It runs outside
/// <see cref="GraphConventionsMiddleware"/>, so an answer that middleware writes for an exception is recorded as sent.
/// </summary>
public sealed class RequestJournalMiddleware(RequestDelegate next, RequestJournal journal, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext httpContext)
    {
        if (!GraphSurface.IsGraphPath(httpContext.Request.Path))
        {
            await next(httpContext);
            return;
        }

        // Whichever comes first records: an answer with a body starts inside the pipeline, one without starts after it
        // returned (both before the client can see it). One small object per request carries both, registered with a
        // static callback: a closure, its local function and a delegate were three allocations on every Graph request.
        var pending = new PendingEntry(this, httpContext);
        httpContext.Response.OnStarting(RecordOnStarting, pending);
        try
        {
            await next(httpContext);
        }
        finally
        {
            pending.RecordOnce();
        }
    }

    private static readonly Func<object, Task> RecordOnStarting = static state =>
    {
        ((PendingEntry)state).RecordOnce();
        return Task.CompletedTask;
    };

    private sealed class PendingEntry(RequestJournalMiddleware middleware, HttpContext httpContext)
    {
        private int _recorded;

        public void RecordOnce()
        {
            if (Interlocked.Exchange(ref _recorded, 1) == 0)
            {
                middleware.Record(httpContext);
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
            RetryAttempt(request.Headers),
            httpContext.Features.Get<AppliedFault>()?.RuleId,
            request.Host.Value ?? ""));
    }

    // StringValues through LINQ's FirstOrDefault was boxed on every request.
    private static string? RetryAttempt(IHeaderDictionary headers)
    {
        var values = headers["Retry-Attempt"];
        return values.Count > 0 ? values[0] : null;
    }
}
