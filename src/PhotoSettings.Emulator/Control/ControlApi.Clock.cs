using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Control;

/// <summary>The control API's clocks: how tests move the emulator's time, for everyone or one tenant.</summary>
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
    }

    public static async Task<Ok<ClockResponse>> GetClock(EmulatorClock clock, ITenantStore store)
    {
        var offset = await store.ReadGlobalClockAsync();
        return TypedResults.Ok(new ClockResponse(clock.GlobalNow, DurationText.Format(offset)));
    }

    public static async Task<Results<Ok<ClockResponse>, ControlProblem>> AdvanceClock(
        HttpRequest request, EmulatorClock clock, ITenantStore store, IValidator<AdvanceRequest> validator)
    {
        var (by, problem) = await ReadAdvanceAsync(request, validator);
        if (problem is not null)
        {
            return problem;
        }

        return await clock.AdvanceGlobalAsync(by) is { } offset
            ? TypedResults.Ok(new ClockResponse(clock.GlobalNow, DurationText.Format(offset)))
            : OutOfRange(by, store.GlobalClockOffset);
    }

    public static async Task<Results<Ok<ClockResponse>, ControlProblem>> GetTenantClock(string tenantId, TenantService tenants, EmulatorClock clock) =>
        await LookupAsync(tenantId, tenants) is { } state
            ? TypedResults.Ok(new ClockResponse(clock.Now(state), DurationText.Format(state.ClockOffset)))
            : Missing(tenantId);

    public static async Task<Results<Ok<ClockResponse>, ControlProblem>> AdvanceTenantClock(
        string tenantId, HttpRequest request, TenantService tenants, EmulatorClock clock, IValidator<AdvanceRequest> validator)
    {
        if (await LookupAsync(tenantId, tenants) is null)
        {
            return Missing(tenantId);
        }

        var (by, problem) = await ReadAdvanceAsync(request, validator);
        if (problem is not null)
        {
            return problem;
        }

        return await clock.AdvanceTenantAsync(Guid.Parse(tenantId), by) switch
        {
            (null, _) => Missing(tenantId),
            ({ } state, true) => OutOfRange(by, state.ClockOffset),
            ({ } state, false) => TypedResults.Ok(new ClockResponse(clock.Now(state), DurationText.Format(state.ClockOffset))),
        };
    }

    private static ControlProblem OutOfRange(TimeSpan by, TimeSpan offset) => ControlProblem.BadRequest(
        $"Advancing by {DurationText.Format(by)} would move the clock's offset ({DurationText.Format(offset)} now) past the emulator's bound of "
        + $"{ClockBounds.MaxOffsetText} (100 years); nothing changed. Reset the emulator (POST /_emulator/reset) to start the clock again.");

    private static async Task<(TimeSpan By, ControlProblem? Problem)> ReadAdvanceAsync(HttpRequest request, IValidator<AdvanceRequest> validator)
    {
        var (body, problem) = await ControlJson.ReadAsync(request, EmulatorJsonContext.Default.AdvanceRequest);
        if (problem is not null)
        {
            return (default, problem);
        }

        var result = validator.Validate(body!);
        return result.IsValid && DurationText.TryParse(body!.By, out var by)
            ? (by, null)
            : (default, ControlProblem.Invalid(result.Errors));
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
            if (!DurationText.TryParse(by, out var span))
            {
                context.AddFailure("by", $"'by' '{ClientText.Clip(by)}' is not a duration such as PT24H, P1DT2H or 24:00:00 (hours:minutes:seconds).");
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
