using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;
using PhotoUpdateSettingsEngine = PhotoSettings.Emulator.Settings.SettingEngine<PhotoSettings.Emulator.Tenants.PhotoUpdateSettings, PhotoSettings.Emulator.Settings.SettingsRequest>;

namespace PhotoSettings.Emulator.Control;

/// <summary>The settings timeline: what is configured, what is in effect, and what is still propagating.</summary>
public static partial class ControlApi
{
    /// <summary>How many pending changes one timeline answer lists when the caller does not say.</summary>
    public const int DefaultTimelinePage = 100;

    public const int MaxTimelinePage = 1000;

    private static void MapTimeline(RouteGroupBuilder tenants)
    {
        // Named from the declaration, so the control API and Graph cannot disagree on what the setting is called.
        var setting = ((IEndpointRouteBuilder)tenants).ServiceProvider.GetRequiredService<Settings.PhotoUpdateSettingsDeclaration>().Name;
        tenants.MapGet("/{tenantId}/" + setting, GetSettingsTimeline)
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

        tenants.MapGet("/{tenantId}/settings/{setting}/timeline", GetSettingTimeline)
            .WithName("GetSettingTimeline").WithSummary("Configured, effective and pending values of any setting")
            .WithDescription("The timeline of one setting by its Graph name (photoUpdateSettings, pronouns, namePronunciation, itemInsights, profileCardProperties, "
                + "profilePropertySettings, profileSources): configured, effective at the tenant's now and since when, and a page of the pending changes "
                + "(skip, limit, pendingTotal, next, superseded), each value as the setting's Graph resource writes it (a collection's as the array of its items). "
                + "An unknown setting answers 404.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer((operation, _, _) => ControlOpenApi.IntegerQuery(operation,
                ("skip", "How many pending changes to pass over, oldest first (default 0)."),
                ("limit", $"How many pending changes to list (default {DefaultTimelinePage}, at most {MaxTimelinePage}).")));
    }

    public static async Task<Results<Ok<SettingTimeline>, ControlProblem>> GetSettingTimeline(
        string tenantId, string setting, TenantService tenants, EmulatorClock clock, SettingKinds kinds, string? skip = null, string? limit = null)
    {
        if (await LookupAsync(tenantId, tenants) is not { } state)
        {
            return Missing(tenantId);
        }

        if (kinds.FindIgnoringCase(setting) is not { } kind)
        {
            return ControlProblem.NotFound($"There is no setting '{ClientText.Clip(setting)}' in this emulator; it knows "
                + string.Join(", ", kinds.All.Select(k => k.Name).Order(StringComparer.Ordinal)) + ".");
        }

        if (!TryReadCount(skip, "skip", 0, int.MaxValue, 0, out var from, out var problem)
            || !TryReadCount(limit, "limit", 1, MaxTimelinePage, DefaultTimelinePage, out var take, out problem))
        {
            return problem!;
        }

        var now = clock.Now(state);
        var history = state.Settings.GetValueOrDefault(kind.Name) ?? kind.HistoryFrom([], 0);
        var total = history.PendingCount(now);
        var page = history.PendingAt(now, from, take).ToList();
        var next = (long)from + page.Count < total ? $"/_emulator/tenants/{state.Tenant.Id}/settings/{kind.Name}/timeline?skip={from + page.Count}&limit={take}" : null;
        return TypedResults.Ok(new SettingTimeline(
            kind.Name,
            kind.ToJson(history.ConfiguredValue),
            kind.ToJson(history.EffectiveValueAt(now)),
            history.EffectiveSince(now),
            now,
            [.. page.Select(v => new SettingPendingChange(kind.ToJson(v.Settings), v.RequestedAt, v.EffectiveAt))])
        {
            PendingTotal = total,
            Superseded = history.Superseded,
            Next = next,
        });
    }

    public static async Task<Results<Ok<SettingsTimeline>, ControlProblem>> GetSettingsTimeline(
        string tenantId, TenantService tenants, EmulatorClock clock, PhotoUpdateSettingsEngine settings, string? skip = null, string? limit = null)
    {
        if (await LookupAsync(tenantId, tenants) is not { } state)
        {
            return Missing(tenantId);
        }

        if (!TryReadCount(skip, "skip", 0, int.MaxValue, 0, out var from, out var problem)
            || !TryReadCount(limit, "limit", 1, MaxTimelinePage, DefaultTimelinePage, out var take, out problem))
        {
            return problem!;
        }

        var now = clock.Now(state);
        var history = settings.HistoryOf(state);
        var inEffect = history.EffectiveVersion(now);
        var total = history.PendingCount(now);
        var page = history.Pending(now, from, take);
        var next = (long)from + page.Count < total ? $"/_emulator/tenants/{state.Tenant.Id}/{settings.Declaration.Name}?skip={from + page.Count}&limit={take}" : null;
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

    private static bool TryReadCount(string? text, string name, int min, int max, int fallback, out int value, out ControlProblem? problem)
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

        problem = ControlProblem.BadRequest($"'{name}' '{ClientText.Clip(text)}' is not a whole number from {min} to {max}.");
        return false;
    }
}

/// <summary>Settings as the timeline shows them; <c>source</c> is written as null when unset.</summary>
public sealed record SettingsView(
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] PhotoUpdateSource? Source,
    IReadOnlyList<string> AllowedRoles)
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

/// <summary>A pending change of any setting: its value as the setting's Graph resource writes it.</summary>
public sealed record SettingPendingChange(System.Text.Json.JsonElement Settings, DateTimeOffset RequestedAt, DateTimeOffset EffectiveAt);

/// <summary>The timeline of any setting (<c>/_emulator/tenants/{id}/settings/{name}/timeline</c>), paged as <see cref="SettingsTimeline"/> is.</summary>
public sealed record SettingTimeline(
    string Setting,
    System.Text.Json.JsonElement Configured,
    System.Text.Json.JsonElement Effective,
    DateTimeOffset? EffectiveSince,
    DateTimeOffset Now,
    IReadOnlyList<SettingPendingChange> Pending)
{
    public int PendingTotal { get; init; }

    public long Superseded { get; init; }

    public string? Next { get; init; }
}
