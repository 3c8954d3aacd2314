using System.Text.Json.Serialization;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// The wire form of <c>microsoft.graph.profileCardProperty</c>, one item as GET, POST and PATCH answer it:
/// <c>@odata.context</c> names the entity in the collection of the version called.
/// </summary>
public sealed record ProfileCardPropertyResource(
    [property: JsonPropertyName("@odata.context")] string? ODataContext,
    string DirectoryPropertyName,
    IReadOnlyList<ProfileCardAnnotationResource> Annotations)
{
    public const string EntitySetPath = "admin/people/profileCardProperties";

    /// <summary><paramref name="baseUrl"/> is the scheme, host and version the client called, such as <c>http://localhost:5080/beta</c>; null for an item inside a list.</summary>
    public static ProfileCardPropertyResource From(ProfileCardProperty property, string? baseUrl) => new(
        baseUrl is null ? null : $"{baseUrl}/$metadata#{EntitySetPath}/$entity",
        property.DirectoryPropertyName,
        [.. property.Annotations.Select(a => new ProfileCardAnnotationResource(a.DisplayName,
            [.. a.Localizations.Select(l => new DisplayNameLocalizationResource(l.LanguageTag, l.DisplayName))]))]);
}

public sealed record ProfileCardAnnotationResource(string DisplayName, IReadOnlyList<DisplayNameLocalizationResource> Localizations);

public sealed record DisplayNameLocalizationResource(string LanguageTag, string DisplayName);

/// <summary>The list: <c>@odata.context</c> names the collection, each item is written without its own context.</summary>
public sealed record ProfileCardPropertyCollection(
    [property: JsonPropertyName("@odata.context")] string ODataContext,
    IReadOnlyList<ProfileCardPropertyResource> Value)
{
    public static ProfileCardPropertyCollection From(IEnumerable<ProfileCardProperty> properties, string baseUrl) =>
        new($"{baseUrl}/$metadata#{ProfileCardPropertyResource.EntitySetPath}", [.. properties.Select(p => ProfileCardPropertyResource.From(p, null))]);
}

/// <summary>What the collection as a whole requires of a write, for the engine to ask once it holds the tenant's items.</summary>
public static class ProfileCardPropertyCollectionRules
{
    /// <summary>A POST naming a property the tenant already shows: Graph keys the collection by directoryPropertyName.</summary>
    public static string? DuplicateProblem(IEnumerable<ProfileCardProperty> existing, ProfileCardProperty created) =>
        existing.Any(p => p.DirectoryPropertyName.Equals(created.DirectoryPropertyName, StringComparison.OrdinalIgnoreCase))
            ? $"A profile card property for '{created.DirectoryPropertyName}' already exists; PATCH it, or DELETE it first."
            : null;
}
