using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>Whether users may show their pronouns on their profile card (off until an admin turns it on).</summary>
public sealed record PronounsSettings(bool IsEnabledInOrganization) : ISettingValue<PronounsSettings>
{
    public static PronounsSettings Default { get; } = new(false);
}

/// <summary>
/// <c>pronounsSettings</c> at <c>/admin/people/pronouns</c> on v1.0 and beta. Read with PeopleSettings.Read.All, written with
/// PeopleSettings.ReadWrite.All (delegated: People Administrator); a change takes up to 7 hours to reach users
/// (docs/choices.md gives the sources).
/// </summary>
public sealed class PronounsDeclaration : SingletonDeclaration<PronounsSettings>
{
    public override string Name => "pronouns";

    public override IReadOnlyList<string> GraphPaths { get; } = ["/v1.0/admin/people/pronouns", "/beta/admin/people/pronouns"];

    public override GraphPermissionRequirement Read => GraphPermissionRequirement.ReadSettings;

    public override GraphPermissionRequirement Write => GraphPermissionRequirement.WriteSettings;

    public override string PropagationSection => "Emulator:Pronouns:Propagation";

    public override string DefaultDelay => "07:00:00";

    public override string TypeName => "microsoft.graph.pronounsSettings";

    public override string Description => "Whether pronouns are enabled in the organization (off by default).";

    public override IReadOnlyList<SettingProperty> Properties { get; } =
        [new("isEnabledInOrganization", SettingPropertyKind.Boolean, "true to enable pronouns in the organization; otherwise false (the default).")];

    public override JsonObject ToObject(PronounsSettings settings) => new() { ["isEnabledInOrganization"] = settings.IsEnabledInOrganization };

    public override PronounsSettings Merge(SettingBody request, PronounsSettings basis) =>
        new(request.Boolean("isEnabledInOrganization", basis.IsEnabledInOrganization));
}
