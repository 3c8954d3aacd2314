using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// <c>profileSource</c> items at <c>/admin/people/profileSources</c> on v1.0 and beta, keyed by an <c>id</c> the emulator
/// makes on POST (a GUID) and addressable by the alternate key <c>profileSources(sourceId='…')</c>, which no two sources
/// share. Read with PeopleSettings.Read.All, written with PeopleSettings.ReadWrite.All (People Administrator), delegated
/// and application. Graph documents no delay: it takes the family's longest, 24 hours.
/// </summary>
public sealed class ProfileSourcesDeclaration : CollectionDeclaration<ProfileSource, ProfileSourceRequest>
{
    public override string Name => "profileSources";

    public override IReadOnlyList<string> GraphPaths { get; } = ["/v1.0/admin/people/profileSources", "/beta/admin/people/profileSources"];

    public override GraphPermissionRequirement Read => GraphPermissionRequirement.ReadSettings;

    public override GraphPermissionRequirement Write => GraphPermissionRequirement.WriteSettings;

    public override string PropagationSection => "Emulator:ProfileSources:Propagation";

    public override string TypeName => ProfileSourceRequest.TypeName;

    public override string Description => "A source of profile data (an HR system, a directory), with its name and link per language.";

    /// <summary>A choice: a tenant has a handful of sources; 100 keeps a tenant's worst case to a few megabytes.</summary>
    public override int MaxItems => 100;

    public override string KeyName => "id";

    public override string? AlternateKeyName => "sourceId";

    public override IReadOnlyList<(string TypeName, IReadOnlyList<CollectionProperty> Properties)> Types { get; } =
    [
        (ProfileSourceRequest.TypeName, [
            new("id", "Edm.String", "The source's id, a GUID the service makes. The key."),
            new("sourceId", "Edm.String", "The source's own identifier: the alternate key, profileSources(sourceId='…')."),
            new("displayName", "Edm.String", "The source's name as users see it."),
            new("kind", "Edm.String", "What kind of source it is."),
            new("webUrl", "Edm.String", "A link to the source."),
            new("localizations", $"Collection({ProfileSourceRequest.LocalizationTypeName})", "Its name and link per language."),
        ]),
        (ProfileSourceRequest.LocalizationTypeName, [
            new("languageTag", "Edm.String", "A BCP 47 language tag, such as en-US."),
            new("displayName", "Edm.String", "The name in that language."),
            new("webUrl", "Edm.String", "The link in that language."),
        ]),
    ];

    public override string KeyOf(ProfileSource item) => item.Id;

    public override string? AlternateKeyOf(ProfileSource item) => item.SourceId;

    public override (ProfileSourceRequest? Request, BodyProblem? Problem) ReadItem(JsonElement body, ProfileSource? current) =>
        ProfileSourceRequest.Read(body, current is null ? CollectionWriteKind.Create : CollectionWriteKind.Update, current);

    public override ProfileSource Apply(ProfileSourceRequest request, ProfileSource? current, string newId) => request.Apply(newId);

    public override string? ConflictWith(IEnumerable<ProfileSource> others, ProfileSource written) =>
        ProfileSourceCollectionRules.DuplicateSourceIdProblem(others, written);

    public override JsonObject ItemToJson(ProfileSource item) => new()
    {
        ["id"] = item.Id,
        ["sourceId"] = item.SourceId,
        ["displayName"] = item.DisplayName,
        ["kind"] = item.Kind,
        ["webUrl"] = item.WebUrl,
        ["localizations"] = new JsonArray([.. item.Localizations.Select(l => (JsonNode)new JsonObject
        {
            ["languageTag"] = l.LanguageTag,
            ["displayName"] = l.DisplayName,
            ["webUrl"] = l.WebUrl,
        })]),
    };
}
