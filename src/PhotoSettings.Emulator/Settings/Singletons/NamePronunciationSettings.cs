using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>Whether users may record how their name is pronounced (off until an admin turns it on).</summary>
public sealed record NamePronunciationSettings(bool IsEnabledInOrganization) : ISettingValue<NamePronunciationSettings>
{
    public static NamePronunciationSettings Default { get; } = new(false);
}

/// <summary>
/// <c>namePronunciationSettings</c> at <c>/beta/admin/people/namePronunciation</c> (beta only). Read with
/// PeopleSettings.Read.All, written with PeopleSettings.ReadWrite.All (delegated: People Administrator at least).
/// </summary>
public sealed class NamePronunciationDeclaration : SingletonDeclaration<NamePronunciationSettings>
{
    public override string Name => "namePronunciation";

    public override IReadOnlyList<string> GraphPaths { get; } = ["/beta/admin/people/namePronunciation"];

    public override GraphPermissionRequirement Read => GraphPermissionRequirement.ReadSettings;

    public override GraphPermissionRequirement Write => GraphPermissionRequirement.WriteSettings;

    public override string PropagationSection => "Emulator:NamePronunciation:Propagation";

    public override string TypeName => "microsoft.graph.namePronunciationSettings";

    public override string Description => "Whether name pronunciation is enabled in the organization (off by default).";

    public override IReadOnlyList<SettingProperty> Properties { get; } =
        [new("isEnabledInOrganization", SettingPropertyKind.Boolean, "true to enable name pronunciation in the organization; otherwise false (the default).")];

    public override JsonObject ToObject(NamePronunciationSettings settings) => new() { ["isEnabledInOrganization"] = settings.IsEnabledInOrganization };

    public override NamePronunciationSettings Merge(SettingBody request, NamePronunciationSettings basis) =>
        new(request.Boolean("isEnabledInOrganization", basis.IsEnabledInOrganization));
}
