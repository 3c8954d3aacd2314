using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Journal;

namespace PhotoSettings.Emulator.Faults;

/// <summary>
/// Applies fault rules to Graph requests, after the caller is known (so rules can name a tenant) and
/// before anything else: latency first (on the injected clock), then the error, which changes nothing.
/// </summary>
public sealed class FaultFilter(FaultRules rules, TimeProvider time) : IEndpointFilter
{
    public const string Header = "X-Emulator-Fault";

    // With no rule in force (nearly every request) the filter hands the request on without a state machine or a
    // clock reading of its own.
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        rules.IsEmpty ? next(context) : ApplyAsync(context, next);

    private async ValueTask<object?> ApplyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var arrived = time.GetUtcNow();
        var caller = httpContext.Features.Get<GraphCaller>();
        var decision = rules.Decide(caller?.TenantId, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/");
        if (decision is null)
        {
            return await next(context);
        }

        httpContext.Features.Set(new AppliedFault(decision.RuleId));
        httpContext.Response.Headers[Header] = decision.RuleId;
        // Latency counts from the request's arrival, so the answer comes exactly that long after it.
        var remaining = decision.Latency - (time.GetUtcNow() - arrived);
        var latency = remaining > TimeSpan.Zero ? Task.Delay(remaining, time, httpContext.RequestAborted) : Task.CompletedTask;
        // Only now, with the timer armed, does the request show in the rule's counts (see Announce).
        rules.Announce(decision);
        await latency;

        return decision.Status is { } status ? GraphErrors.Injected(status, decision.RetryAfterSeconds) : await next(context);
    }
}
