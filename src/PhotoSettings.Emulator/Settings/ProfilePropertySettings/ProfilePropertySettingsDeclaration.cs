using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// <c>profilePropertySetting</c> items at <c>/admin/people/profilePropertySettings</c> on v1.0 and beta, keyed by an
/// <c>id</c> the emulator makes on POST (a GUID). Read with PeopleSettings.Read.All, written with
/// PeopleSettings.ReadWrite.All (People Administrator), delegated and application; at most one setting without a name.
/// Graph documents no delay: it takes the family's longest, 24 hours.
/// </summary>
public sealed class ProfilePropertySettingsDeclaration : CollectionDeclaration<ProfilePropertySetting, ProfilePropertySettingRequest>
{
    public override string Name => "profilePropertySettings";

    public override IReadOnlyList<string> GraphPaths { get; } = ["/v1.0/admin/people/profilePropertySettings", "/beta/admin/people/profilePropertySettings"];

    public override GraphPermissionRequirement Read => GraphPermissionRequirement.ReadSettings;

    public override GraphPermissionRequirement Write => GraphPermissionRequirement.WriteSettings;

    public override string PropagationSection => "Emulator:ProfilePropertySettings:Propagation";

    public override string TypeName => ProfilePropertySettingRequest.TypeName;

    public override string Description => "How a profile property is shown and where its values come from: the profile sources in priority order (a setting without a name orders them for the whole tenant).";

    /// <summary>A choice: a tenant configures a handful; 100 keeps a tenant's worst case to a few megabytes.</summary>
    public override int MaxItems => 100;

    public override string KeyName => "id";

    /// <summary>
    /// v1.0's profilePropertySetting has id, displayName, name and prioritizedSourceUrls only; beta adds allowedAudiences
    /// and isUserOverrideForAudienceEnabled. Beta's newest resource page drops displayName, while v1.0 and the earlier beta
    /// revisions have it, so beta keeps the union (docs/choices.md).
    /// </summary>
    public override IReadOnlyList<string> PropertiesNotIn(string version) => version == "v1.0" ? BetaOnly : [];

    /// <summary>One OpenAPI document holds both versions: v1.0's type keeps Graph's name, beta's wider one is named apart.</summary>
    public override string SchemaNameAt(string version) => version == "v1.0" ? TypeName : TypeName + ".beta";

    private static readonly string[] BetaOnly = ["allowedAudiences", "isUserOverrideForAudienceEnabled"];

    public override IReadOnlyList<(string TypeName, IReadOnlyList<CollectionProperty> Properties)> Types { get; } =
    [
        (ProfilePropertySettingRequest.TypeName, [
            new("id", "Edm.String", "The setting's id, a GUID the service makes. The key."),
            new("displayName", "Edm.String", "The property's display name."),
            new("name", "Edm.String", "The property's name; none for the tenant-level setting that orders the sources."),
            new("prioritizedSourceUrls", "Collection(Edm.String)", "The profile sources' URLs, highest priority first."),
            new("allowedAudiences", "microsoft.graph.organizationAllowedAudiences", "Who may see the property (beta)."),
            new("isUserOverrideForAudienceEnabled", "Edm.Boolean", "Whether users may narrow the audience (beta)."),
        ]),
    ];

    public override IReadOnlyList<(string TypeName, IReadOnlyList<string> Members)> Enums { get; } =
        [("microsoft.graph.organizationAllowedAudiences", [.. ProfilePropertySettingRequest.Audiences, "unknownFutureValue"])];

    public override string KeyOf(ProfilePropertySetting item) => item.Id;

    public override (ProfilePropertySettingRequest? Request, BodyProblem? Problem) ReadItem(JsonElement body, ProfilePropertySetting? current) =>
        current is null
            ? ProfilePropertySettingRequest.Read(body, CollectionWriteKind.Create)
            : ProfilePropertySettingRequest.Read(body, CollectionWriteKind.Update, current.Id);

    public override ProfilePropertySetting Apply(ProfilePropertySettingRequest request, ProfilePropertySetting? current, string newId) => request.Apply(current, newId);

    public override string? ConflictWith(IEnumerable<ProfilePropertySetting> others, ProfilePropertySetting written) =>
        ProfilePropertySettingCollectionRules.SecondUnnamedProblem(others, written);

    public override JsonObject ItemToJson(ProfilePropertySetting item) => new()
    {
        ["id"] = item.Id,
        ["displayName"] = item.DisplayName,
        ["name"] = item.Name,
        ["prioritizedSourceUrls"] = new JsonArray([.. item.PrioritizedSourceUrls.Select(u => (JsonNode)JsonValue.Create(u))]),
        ["allowedAudiences"] = item.AllowedAudiences,
        ["isUserOverrideForAudienceEnabled"] = item.IsUserOverrideForAudienceEnabled,
    };
}
