using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Control;

/// <summary>The declared settings: what the console lists, read from the declarations so no client hard-codes the names.</summary>
public static partial class ControlApi
{
    private static void MapSettings(RouteGroupBuilder group) =>
        group.MapGet("/settings", ListSettings)
            .WithTags("Settings").WithName("ListSettings").WithSummary("List the declared settings")
            .WithDescription("Every tenant setting the emulator serves, in declaration order: its Graph name, the versions and paths "
                + "that serve it, its propagation delay (ISO 8601) and mode as configured, and the path of its timeline per tenant.");

    public static Ok<DeclaredSetting[]> ListSettings(SettingKinds kinds, IOptionsMonitor<PropagationOptions> propagation) =>
        TypedResults.Ok(kinds.All.Select(kind =>
        {
            var options = propagation.Get(kind.Name);
            return new DeclaredSetting(
                kind.Name,
                // The first segment of each path is its version (/v1.0/admin/people/pronouns).
                [.. kind.GraphPaths.Select(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)[0]).Distinct(StringComparer.Ordinal)],
                kind.GraphPaths,
                Primitives.DurationText.Format(options.DelayValue),
                options.Mode.ToString(),
                $"/_emulator/tenants/{{tenantId}}/settings/{kind.Name}/timeline");
        }).ToArray());
}

/// <summary>A declared setting as <c>GET /_emulator/settings</c> lists it.</summary>
public sealed record DeclaredSetting(
    string Name,
    IReadOnlyList<string> Versions,
    IReadOnlyList<string> GraphPaths,
    string Delay,
    string Mode,
    string Timeline);
