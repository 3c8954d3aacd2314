namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// Answers wait for the commits of the states they wrote or read. A durable store hands back a change
/// before its group commit lands, so the request thread is free meanwhile; the answer's headers are held
/// until every commit the request touched has completed, and a failed commit fails the answer. Outside a
/// request (start-up, tests driving a store directly) the caller blocks instead.
/// </summary>
public static class CommitAcknowledgement
{
    private static readonly AsyncLocal<Pending?> Current = new();

    /// <summary>Makes the current answer wait for <paramref name="commit"/>; outside a request, waits for it here.</summary>
    public static void After(Task? commit)
    {
        if (commit is null || commit.IsCompletedSuccessfully)
        {
            return;
        }

        if (Current.Value is { } pending)
        {
            pending.Add(commit);
        }
        else
        {
            commit.GetAwaiter().GetResult();
        }
    }

    /// <summary>The middleware: first in the pipeline, so every store call of a request is inside it.</summary>
    public static async Task HoldAnswersUntilCommitted(HttpContext context, RequestDelegate next)
    {
        var pending = new Pending();
        Current.Value = pending;
        context.Response.OnStarting(static state => ((Pending)state).Committed(), pending);
        await next(context);
    }

    private sealed class Pending
    {
        private readonly Lock _gate = new();
        private List<Task>? _commits;

        public void Add(Task commit)
        {
            lock (_gate)
            {
                _commits ??= [];
                if (!_commits.Contains(commit))
                {
                    _commits.Add(commit);
                }
            }
        }

        public Task Committed()
        {
            lock (_gate)
            {
                return _commits switch
                {
                    null => Task.CompletedTask,
                    [var one] => one,
                    var many => Task.WhenAll(many),
                };
            }
        }
    }
}
