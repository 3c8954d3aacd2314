using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// <c>profileCardProperty</c> items at <c>/admin/people/profileCardProperties</c> on v1.0 and beta, keyed by
/// <c>directoryPropertyName</c> (one of the 21 directory properties Graph allows, matched case-insensitively and answered
/// in the catalogue's casing). Delegated only for GET of one item, POST, PATCH and DELETE: their permission tables say
/// "Application: Not supported"; the list's table alone gives application PeopleSettings.Read.All. Read with
/// PeopleSettings.Read.All, written with PeopleSettings.ReadWrite.All (People Administrator); changes reach profile
/// cards within 24 hours (docs/choices.md gives the sources).
/// </summary>
public sealed class ProfileCardPropertiesDeclaration : CollectionDeclaration<ProfileCardProperty, ProfileCardPropertyRequest>
{
    public override string Name => "profileCardProperties";

    public override IReadOnlyList<string> GraphPaths { get; } = ["/v1.0/admin/people/profileCardProperties", "/beta/admin/people/profileCardProperties"];

    public override GraphPermissionRequirement Read { get; } = GraphPermissionRequirement.ReadSettings with { DelegatedOnly = true };

    public override GraphPermissionRequirement Write { get; } = GraphPermissionRequirement.WriteSettings with { DelegatedOnly = true };

    /// <summary>peopleadminsettings-list-profilecardproperties (v1.0): "Application | PeopleSettings.Read.All | PeopleSettings.ReadWrite.All".</summary>
    public override GraphPermissionRequirement ListRead => GraphPermissionRequirement.ReadSettings;

    public override string PropagationSection => "Emulator:ProfileCardProperties:Propagation";

    public override string TypeName => ProfileCardPropertyRequest.TypeName;

    public override string Description => "A directory property shown on users' profile cards, with its custom labels and their translations.";

    /// <summary>The catalogue bounds it: one item per directory property Graph allows.</summary>
    public override int MaxItems => ProfileCardDirectoryProperties.All.Count;

    public override string KeyName => "directoryPropertyName";

    public override IReadOnlyList<(string TypeName, IReadOnlyList<CollectionProperty> Properties)> Types { get; } =
    [
        (ProfileCardPropertyRequest.TypeName, [
            new("directoryPropertyName", "Edm.String", "The directory property shown: UserPrincipalName, Fax, StreetAddress, PostalCode, StateOrProvince, Alias or CustomAttribute1 to CustomAttribute15. The key."),
            new("annotations", $"Collection({ProfileCardPropertyRequest.AnnotationTypeName})", "Custom labels for the property (a POST or PATCH replaces them whole)."),
        ]),
        (ProfileCardPropertyRequest.AnnotationTypeName, [
            new("displayName", "Edm.String", "The label shown on the profile card."),
            new("localizations", $"Collection({ProfileCardPropertyRequest.LocalizationTypeName})", "Its translations."),
        ]),
        (ProfileCardPropertyRequest.LocalizationTypeName, [
            new("languageTag", "Edm.String", "A BCP 47 language tag, such as en-US."),
            new("displayName", "Edm.String", "The label in that language."),
        ]),
    ];

    public override string KeyOf(ProfileCardProperty item) => item.DirectoryPropertyName;

    public override (ProfileCardPropertyRequest? Request, BodyProblem? Problem) ReadItem(JsonElement body, ProfileCardProperty? current) =>
        current is null
            ? ProfileCardPropertyRequest.Read(body, CollectionWriteKind.Create)
            : ProfileCardPropertyRequest.Read(body, CollectionWriteKind.Update, current.DirectoryPropertyName);

    public override ProfileCardProperty Apply(ProfileCardPropertyRequest request, ProfileCardProperty? current, string newId) => request.Apply(current);

    public override string DuplicateKeyMessage(ProfileCardProperty item) => ProfileCardPropertyCollectionRules.DuplicateProblem([item], item)!;

    public override JsonObject ItemToJson(ProfileCardProperty item) => new()
    {
        ["directoryPropertyName"] = item.DirectoryPropertyName,
        ["annotations"] = new JsonArray([.. item.Annotations.Select(a => (JsonNode)new JsonObject
        {
            ["displayName"] = a.DisplayName,
            ["localizations"] = new JsonArray([.. a.Localizations.Select(l => (JsonNode)new JsonObject { ["languageTag"] = l.LanguageTag, ["displayName"] = l.DisplayName })]),
        })]),
    };
}

/// <summary>What the collection as a whole requires of a write.</summary>
public static class ProfileCardPropertyCollectionRules
{
    /// <summary>A POST naming a property the tenant already shows: Graph keys the collection by directoryPropertyName.</summary>
    public static string? DuplicateProblem(IEnumerable<ProfileCardProperty> existing, ProfileCardProperty created) =>
        existing.Any(p => string.Equals(p.DirectoryPropertyName, created.DirectoryPropertyName, StringComparison.OrdinalIgnoreCase))
            ? $"A profile card property for '{created.DirectoryPropertyName}' already exists; PATCH it, or DELETE it first."
            : null;
}
