using System.Text.Json.Serialization;
using System.Xml;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Control;

/// <summary>The control API's clocks and the settings timeline: how tests move time and watch changes mature.</summary>
public static partial class ControlApi
{
    private static void MapClock(RouteGroupBuilder group, RouteGroupBuilder tenants)
    {
        var clock = group.MapGroup("/clock").WithTags("Clock");
        clock.MapGet("", GetClock)
            .WithName("GetClock").WithSummary("The emulator-wide clock")
            .WithDescription("Now (host time plus the emulator-wide offset) and the offset, an ISO 8601 duration.");
        clock.MapPost("/advance", AdvanceClock)
            .WithName("AdvanceClock").WithSummary("Move every tenant's time forward")
            .WithDescription("Body {\"by\":\"PT24H\"}: an ISO 8601 duration, not negative. Time never moves backwards.")
            .Produces<ClockResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, context, _) => ControlOpenApi.Body<AdvanceRequest>(operation, context));

        tenants.MapGet("/{tenantId}/clock", GetTenantClock).WithTags("Clock")
            .WithName("GetTenantClock").WithSummary("A tenant's clock")
            .WithDescription("The tenant's now (emulator-wide time plus its own offset) and its own offset.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{tenantId}/clock/advance", AdvanceTenantClock).WithTags("Clock")
            .WithName("AdvanceTenantClock").WithSummary("Move one tenant's time forward")
            .WithDescription("Like the emulator-wide advance, for this tenant alone, so parallel suites sharing an emulator stay independent.")
            .Produces<ClockResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer((operation, context, _) => ControlOpenApi.Body<AdvanceRequest>(operation, context));
        tenants.MapGet("/{tenantId}/photoUpdateSettings", GetSettingsTimeline)
            .WithName("GetSettingsTimeline").WithSummary("Configured, effective and pending settings")
            .WithDescription("What Graph's GET shows (configured), what Microsoft 365 applies at the tenant's now (effective, since when), "
                + "and the changes still propagating (pending), oldest first, a page at a time: skip (default 0) and limit (default 100, at most 1000) "
                + "choose the page, pendingTotal counts them all, next is the next page's path, and superseded counts the pending changes "
                + "dropped at the cap (Emulator:Propagation:MaxPendingChanges).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer((operation, _, _) => ControlOpenApi.IntegerQuery(operation,
                ("skip", "How many pending changes to pass over, oldest first (default 0)."),
                ("limit", $"How many pending changes to list (default {DefaultTimelinePage}, at most {MaxTimelinePage}).")));
    }

    public static Ok<ClockResponse> GetClock(EmulatorClock clock, ITenantStore store) =>
        TypedResults.Ok(new ClockResponse(clock.GlobalNow, XmlConvert.ToString(store.GlobalClockOffset)));

    public static async Task<IResult> AdvanceClock(HttpRequest request, EmulatorClock clock, ITenantStore store, IValidator<AdvanceRequest> validator)
    {
        var (by, problem) = await ReadAdvanceAsync(request, validator);
        if (problem is not null)
        {
            return problem;
        }

        return clock.AdvanceGlobal(by) is { } offset
            ? TypedResults.Ok(new ClockResponse(clock.GlobalNow, XmlConvert.ToString(offset)))
            : OutOfRange(by, store.GlobalClockOffset);
    }

    public static Results<Ok<ClockResponse>, ProblemHttpResult> GetTenantClock(string tenantId, TenantService tenants, EmulatorClock clock) =>
        Lookup(tenantId, tenants) is { } state
            ? TypedResults.Ok(new ClockResponse(clock.Now(state), XmlConvert.ToString(state.ClockOffset)))
            : Missing(tenantId);

    public static async Task<IResult> AdvanceTenantClock(string tenantId, HttpRequest request, TenantService tenants, EmulatorClock clock, IValidator<AdvanceRequest> validator)
    {
        if (Lookup(tenantId, tenants) is null)
        {
            return Missing(tenantId);
        }

        var (by, problem) = await ReadAdvanceAsync(request, validator);
        if (problem is not null)
        {
            return problem;
        }

        return clock.AdvanceTenant(Guid.Parse(tenantId), by) switch
        {
            (null, _) => Missing(tenantId),
            ({ } state, true) => OutOfRange(by, state.ClockOffset),
            ({ } state, false) => TypedResults.Ok(new ClockResponse(clock.Now(state), XmlConvert.ToString(state.ClockOffset))),
        };
    }

    private static IResult OutOfRange(TimeSpan by, TimeSpan offset) => ControlJson.BadRequest(
        $"Advancing by {XmlConvert.ToString(by)} would move the clock's offset ({XmlConvert.ToString(offset)} now) past the emulator's bound of "
        + $"{ClockBounds.MaxOffsetText} (100 years); nothing changed. Reset the emulator (POST /_emulator/reset) to start the clock again.");

    public static Results<Ok<SettingsTimeline>, ProblemHttpResult> GetSettingsTimeline(
        string tenantId, TenantService tenants, EmulatorClock clock, string? skip = null, string? limit = null)
    {
        if (Lookup(tenantId, tenants) is not { } state)
        {
            return Missing(tenantId);
        }

        if (!TryReadCount(skip, "skip", 0, int.MaxValue, 0, out var from, out var problem)
            || !TryReadCount(limit, "limit", 1, MaxTimelinePage, DefaultTimelinePage, out var take, out problem))
        {
            return problem!;
        }

        var now = clock.Now(state);
        var history = state.History;
        var inEffect = history.EffectiveVersion(now);
        var total = history.PendingCount(now);
        var page = history.Pending(now, from, take);
        var next = (long)from + page.Count < total ? $"/_emulator/tenants/{state.Tenant.Id}/photoUpdateSettings?skip={from + page.Count}&limit={take}" : null;
        return TypedResults.Ok(new SettingsTimeline(
            SettingsView.From(history.Configured),
            SettingsView.From(history.EffectiveAt(now)),
            inEffect?.EffectiveAt,
            now,
            [.. page.Select(v => new PendingChange(SettingsView.From(v.Settings), v.RequestedAt, v.EffectiveAt))])
        {
            PendingTotal = total,
            Superseded = history.Superseded,
            Next = next,
        });
    }

    /// <summary>How many pending changes one timeline answer lists when the caller does not say.</summary>
    public const int DefaultTimelinePage = 100;

    public const int MaxTimelinePage = 1000;

    private static bool TryReadCount(string? text, string name, int min, int max, int fallback, out int value, out ProblemHttpResult? problem)
    {
        problem = null;
        value = fallback;
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
            detail: $"'{name}' '{SettingsText.Clip(text)}' is not a whole number from {min} to {max}.");
        return false;
    }

    private static async Task<(TimeSpan By, IResult? Problem)> ReadAdvanceAsync(HttpRequest request, IValidator<AdvanceRequest> validator)
    {
        var (body, problem) = await ControlJson.ReadAsync(request, EmulatorJsonContext.Default.AdvanceRequest);
        if (problem is not null)
        {
            return (default, problem);
        }

        var result = validator.Validate(body!);
        return result.IsValid && Hosting.DurationText.TryParse(body!.By, out var by)
            ? (by, null)
            : (default, ControlJson.Invalid(result.Errors));
    }
}

/// <summary><c>{"now","offset"}</c>: a clock's time and its offset (an ISO 8601 duration).</summary>
public sealed record ClockResponse(DateTimeOffset Now, string Offset);

/// <summary><c>{"by":"PT24H"}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AdvanceRequest
{
    public string? By { get; init; }
}

public sealed class AdvanceRequestValidator : AbstractValidator<AdvanceRequest>
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    public AdvanceRequestValidator()
    {
        RuleFor(r => r.By).Custom((by, context) =>
        {
            if (!Hosting.DurationText.TryParse(by, out var span))
            {
                context.AddFailure("by", $"'by' '{SettingsText.Clip(by)}' is not a duration such as PT24H, P1DT2H or 24:00:00 (hours:minutes:seconds).");
                return;
            }

            if (span < TimeSpan.Zero)
            {
                context.AddFailure("by", $"'by' '{by}' is negative; time never moves backwards.");
            }
            else if (span > Max)
            {
                context.AddFailure("by", $"'by' '{by}' is more than ten years.");
            }
        });
    }
}

/// <summary>Settings as the timeline shows them.</summary>
public sealed record SettingsView(PhotoUpdateSource Source, IReadOnlyList<string> AllowedRoles)
{
    public static SettingsView From(PhotoUpdateSettings settings) => new(settings.Source, settings.AllowedRoles);
}

public sealed record PendingChange(SettingsView Settings, DateTimeOffset RequestedAt, DateTimeOffset EffectiveAt);

/// <summary>
/// The timeline: <c>pending</c> is one page (<c>skip</c>, <c>limit</c>) of the changes still propagating,
/// oldest first; <c>pendingTotal</c> counts them all, <c>next</c> is the next page's path (absent on the last),
/// and <c>superseded</c> counts the pending changes the cap (<c>Emulator:Propagation:MaxPendingChanges</c>) dropped.
/// </summary>
public sealed record SettingsTimeline(
    SettingsView Configured,
    SettingsView Effective,
    DateTimeOffset? EffectiveSince,
    DateTimeOffset Now,
    IReadOnlyList<PendingChange> Pending)
{
    public int PendingTotal { get; init; }

    public long Superseded { get; init; }

    public string? Next { get; init; }
}
