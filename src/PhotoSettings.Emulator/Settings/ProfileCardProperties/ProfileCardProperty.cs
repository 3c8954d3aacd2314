using System.Collections.Immutable;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// One of a tenant's profile card properties (Graph's <c>profileCardProperty</c>), already validated and normalised:
/// <see cref="DirectoryPropertyName"/> is the key, in the catalogue's casing (<see cref="ProfileCardDirectoryProperties"/>).
/// </summary>
public sealed record ProfileCardProperty(string DirectoryPropertyName, ImmutableArray<ProfileCardAnnotation> Annotations)
{
    public bool Equals(ProfileCardProperty? other) =>
        other is not null && DirectoryPropertyName == other.DirectoryPropertyName && Annotations.SequenceEqual(other.Annotations);

    public override int GetHashCode() => HashCode.Combine(DirectoryPropertyName, Annotations.Length);
}

/// <summary>A custom label for the property (Graph's <c>profileCardAnnotation</c>) and its translations.</summary>
public sealed record ProfileCardAnnotation(string DisplayName, ImmutableArray<DisplayNameLocalization> Localizations)
{
    public bool Equals(ProfileCardAnnotation? other) =>
        other is not null && DisplayName == other.DisplayName && Localizations.SequenceEqual(other.Localizations);

    public override int GetHashCode() => HashCode.Combine(DisplayName, Localizations.Length);
}

/// <summary>One translation of a label (Graph's <c>displayNameLocalization</c>).</summary>
public sealed record DisplayNameLocalization(string LanguageTag, string DisplayName);

/// <summary>
/// The directory properties Graph lets an organization show on profile cards, as the profileCardProperty reference
/// lists them: "Allowed values for this field are: UserPrincipalName, Fax, StreetAddress, PostalCode, StateOrProvince,
/// Alias, CustomAttribute1 … CustomAttribute15".
/// </summary>
public static class ProfileCardDirectoryProperties
{
    public static IReadOnlyList<string> All { get; } =
    [
        "UserPrincipalName", "Fax", "StreetAddress", "PostalCode", "StateOrProvince", "Alias",
        .. Enumerable.Range(1, 15).Select(i => $"CustomAttribute{i}"),
    ];

    /// <summary>The catalogue's spelling of <paramref name="name"/>, matched case-insensitively, or null when Graph allows no such property.</summary>
    public static string? Canonical(string? name) =>
        name is null ? null : All.FirstOrDefault(p => p.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
}
