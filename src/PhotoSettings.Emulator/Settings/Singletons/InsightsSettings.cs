using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>Whether item insights are computed and shown in the organization, and the group whose members are left out.</summary>
public sealed record InsightsSettings(bool IsEnabledInOrganization, string? DisabledForGroup) : ISettingValue<InsightsSettings>
{
    public static InsightsSettings Default { get; } = new(true, null);
}

/// <summary>
/// <c>insightsSettings</c> at <c>/admin/people/itemInsights</c> on v1.0 and beta. Read with PeopleSettings.Read.All or, for a
/// signed-in user, the User permissions Graph also lists; written with PeopleSettings.ReadWrite.All (delegated: Global
/// Administrator, as the v1.0 reference says). <c>disabledForGroup</c> is any object id: the emulator keeps no groups.
/// </summary>
public sealed class ItemInsightsDeclaration : SingletonDeclaration<InsightsSettings>
{
    private static readonly GraphPermissionRequirement ReadInsights = new(
        [GraphPermissions.PeopleSettingsRead, GraphPermissions.PeopleSettingsReadWrite, GraphPermissions.UserRead,
         GraphPermissions.UserReadWrite, GraphPermissions.UserReadAll, GraphPermissions.UserReadWriteAll],
        []);

    private static readonly GraphPermissionRequirement WriteInsights = new([GraphPermissions.PeopleSettingsReadWrite], [RoleCatalog.GlobalAdministrator]);

    public override string Name => "itemInsights";

    public override IReadOnlyList<string> GraphPaths { get; } = ["/v1.0/admin/people/itemInsights", "/beta/admin/people/itemInsights"];

    public override GraphPermissionRequirement Read => ReadInsights;

    public override GraphPermissionRequirement Write => WriteInsights;

    public override string PropagationSection => "Emulator:ItemInsights:Propagation";

    public override string TypeName => "microsoft.graph.insightsSettings";

    public override string Description => "Whether item insights are enabled in the organization (on by default), and a group whose members they are disabled for.";

    public override IReadOnlyList<SettingProperty> Properties { get; } =
    [
        new("isEnabledInOrganization", SettingPropertyKind.Boolean, "true if item insights are enabled for the organization (the default); false disables them for everyone."),
        new("disabledForGroup", SettingPropertyKind.NullableObjectId, "The id of a Microsoft Entra group whose members have item insights disabled; null (the default) for none."),
    ];

    public override JsonObject ToObject(InsightsSettings settings) => new()
    {
        ["isEnabledInOrganization"] = settings.IsEnabledInOrganization,
        ["disabledForGroup"] = settings.DisabledForGroup,
    };

    public override InsightsSettings Merge(SettingBody request, InsightsSettings basis) => new(
        request.Boolean("isEnabledInOrganization", basis.IsEnabledInOrganization),
        request.ObjectId("disabledForGroup", basis.DisabledForGroup));
}
