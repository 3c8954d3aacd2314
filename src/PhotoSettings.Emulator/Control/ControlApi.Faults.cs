using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Faults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Journal;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Control;

/// <summary>Fault rules and the request journal: for testing a client's retries, backoff and error handling.</summary>
public static partial class ControlApi
{
    private static void MapFaults(RouteGroupBuilder group)
    {
        var faults = group.MapGroup("/faults").WithTags("Faults");
        faults.MapPost("", AddFault)
            .WithName("AddFault").WithSummary("Add a fault rule")
            .WithDescription("Matches Graph requests (tenantId, method, path pattern with *), answers an error (429, 500, 502, 503, 504 in Graph's envelope; "
                + "Retry-After on 429), adds latency, or both; for the next N matches (count), matches K to M (fromRequest/toRequest) or a seeded probability. "
                + $"At most {FaultRules.MaxRules} rules are in force at once: past that the answer is 409 and nothing is added. An 'id' is a header token (letters, digits, {FaultRuleValidator.TokenSymbols}) of at most {FaultRuleValidator.MaxIdLength} characters; a rule with the id of one in force replaces it.")
            .Produces<FaultRuleDocument>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer((operation, context, _) => ControlOpenApi.Body<FaultRuleDocument>(operation, context));
        faults.MapGet("", ListFaults).WithName("ListFaults").WithSummary("List the live fault rules")
            .WithDescription("Rules not yet spent, with how many requests each matched and faulted.");
        faults.MapDelete("/{id}", DeleteFault).WithName("DeleteFault").WithSummary("Remove a fault rule")
            .WithDescription("Removes one rule.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        faults.MapDelete("", ClearFaults).WithName("ClearFaults").WithSummary("Remove every fault rule")
            .WithDescription("Removes every rule.");

        var requests = group.MapGroup("/requests").WithTags("Journal");
        requests.MapGet("", ListRequests).WithName("ListRequests").WithSummary("The request journal")
            .WithDescription("Recent Graph-surface requests (retries and faults included), oldest first, filtered by tenantId, path (a substring), status and since (a time).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        requests.MapDelete("", ClearRequests).WithName("ClearRequests").WithSummary("Clear the request journal")
            .WithDescription("Forgets every recorded request.");
    }

    public static async Task<Results<Created<FaultRuleDocument>, ControlProblem>> AddFault(HttpRequest request, FaultRules rules, IValidator<FaultRuleDocument> validator)
    {
        var (rule, problem) = await ControlJson.ReadAsync(request, EmulatorJsonContext.Default.FaultRuleDocument);
        if (problem is not null)
        {
            return problem;
        }

        var result = validator.Validate(rule!);
        if (!result.IsValid)
        {
            return ControlProblem.Invalid(result.Errors);
        }

        if (rules.Add(rule! with { Matched = null, Faulted = null }) is not { } added)
        {
            return ControlProblem.Create(StatusCodes.Status409Conflict,
                $"{FaultRules.MaxRules} fault rules are in force, the most the emulator holds: remove one (DELETE /_emulator/faults/{{id}}) or all (DELETE /_emulator/faults) first.");
        }

        // A token may hold '%', '#' and the like, which a URL must escape.
        return TypedResults.Created($"/_emulator/faults/{Uri.EscapeDataString(added.Id!)}", added);
    }

    public static Ok<FaultRuleDocument[]> ListFaults(FaultRules rules) => TypedResults.Ok(rules.List().ToArray());

    public static Results<NoContent, ControlProblem> DeleteFault(string id, FaultRules rules) =>
        rules.Remove(id)
            ? TypedResults.NoContent()
            : ControlProblem.NotFound($"There is no fault rule '{ClientText.Clip(id)}'.");

    public static NoContent ClearFaults(FaultRules rules)
    {
        rules.Clear();
        return TypedResults.NoContent();
    }

    public static Results<Ok<JournalEntry[]>, ControlProblem> ListRequests(
        RequestJournal journal, string? tenantId = null, string? path = null, string? status = null, string? since = null)
    {
        int? statusCode = null;
        if (status is not null)
        {
            if (!int.TryParse(status, out var parsed))
            {
                return ControlProblem.BadRequest($"'status' '{ClientText.Clip(status)}' is not a number.");
            }

            statusCode = parsed;
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ControlProblem.BadRequest($"'since' '{ClientText.Clip(since)}' is not a time such as 2026-01-01T09:00:00Z.");
            }

            from = parsed;
        }

        return TypedResults.Ok(journal.Query(tenantId, path, statusCode, from).ToArray());
    }

    public static NoContent ClearRequests(RequestJournal journal)
    {
        journal.Clear();
        return TypedResults.NoContent();
    }
}
