using FluentValidation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Control;

/// <summary>Snapshots and resets: the whole emulator state as one versioned document.</summary>
public static partial class ControlApi
{
    /// <summary>A state document may hold many tenants and their photos.</summary>
    public const int MaxStateBytes = 512 * 1024 * 1024;

    private static void MapState(RouteGroupBuilder group)
    {
        group.MapGet("/state", GetState).WithTags("State")
            .WithName("GetState").WithSummary("Snapshot the whole state")
            .WithDescription("Every tenant with its directory, settings history, clock offset and photos, and the emulator-wide clock offset, "
                + "as one versioned document. The same document is accepted by PUT /_emulator/state and as a tenants file.");
        group.MapPut("/state", PutState).WithTags("State")
            .WithName("PutState").WithSummary("Replace the whole state")
            .WithDescription("Replaces everything atomically. A document that fails validation is refused with 400 listing every problem, and nothing changes.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, context, _) => ControlOpenApi.Body<StateDocument>(operation, context));
        group.MapPost("/reset", ResetAll).WithTags("State")
            .WithName("ResetAll").WithSummary("Reset everything")
            .WithDescription("Back to the configured start: the built-in tenants and the tenants file, with the emulator-wide clock offset the file gives.");
    }

    public static async Task<Ok<StateDocument>> GetState(ITenantStore store, SettingKinds kinds)
    {
        var clockOffset = await store.ReadGlobalClockAsync();
        var tenants = await store.AllAsync();
        return TypedResults.Ok(new StateDocument
        {
            Version = StateDocument.CurrentVersion,
            ClockOffset = DurationText.Format(clockOffset),
            Tenants = [.. tenants.Select(t => TenantDocument.FromState(t, kinds))],
        });
    }

    public static async Task<Results<NoContent, ControlProblem>> PutState(HttpContext httpContext, ITenantStore store, IValidator<TenantDocument> validator, SettingKinds kinds)
    {
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxStateBytes;
        }

        var (document, problem) = await ControlJson.ReadAsync(httpContext.Request, EmulatorJsonContext.Default.StateDocument, MaxStateBytes);
        if (problem is not null)
        {
            return problem;
        }

        var import = StateImport.Read(document, validator, kinds);
        if (import.Problems.Count > 0)
        {
            return ControlProblem.Invalid(import.Problems);
        }

        await store.ReplaceAllAsync(import.Tenants, import.ClockOffset);

        // The old state, the parsed document and the body are garbage once this request is done; give the
        // memory back then, so the process's footprint reflects the tenants it holds (a bulk import is rare).
        MemoryTrim.CollectAfter(httpContext.Response);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> ResetAll(ITenantStore store, TenantSeed seed)
    {
        await store.ReplaceAllAsync(seed.Tenants, seed.ClockOffset);
        return TypedResults.NoContent();
    }
}
