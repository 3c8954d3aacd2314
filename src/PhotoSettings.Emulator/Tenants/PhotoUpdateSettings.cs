using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>Graph's <c>photoUpdateSource</c> enum, less <c>unknownFutureValue</c>, which no client may set.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PhotoUpdateSource>))]
public enum PhotoUpdateSource
{
    [JsonStringEnumMemberName("cloud")]
    Cloud,

    [JsonStringEnumMemberName("onPremises")]
    OnPremises,
}

/// <summary>
/// One tenant's photo update settings, already validated and normalised: role ids are lower-case,
/// canonical GUID strings without duplicates. A null <see cref="Source"/> is Graph's unset source: photos may
/// come from the cloud and from on-premises alike, so cloud writes are judged as with <c>cloud</c>.
/// </summary>
public sealed record PhotoUpdateSettings(PhotoUpdateSource? Source, ImmutableArray<string> AllowedRoles) : ISettingValue<PhotoUpdateSettings>
{
    /// <summary>
    /// What a tenant has before anyone configures it, and after a DELETE: Graph answers an unconfigured tenant with
    /// <c>source</c> unset and no allowed roles (docs/choices.md, "photoUpdateSettings' default").
    /// </summary>
    public static PhotoUpdateSettings Default { get; } = new(null, []);

    /// <summary>Graph's names for a source, in any case.</summary>
    public static bool TryParseSource(string? text, out PhotoUpdateSource source)
    {
        switch (text)
        {
            case not null when text.Equals("cloud", StringComparison.OrdinalIgnoreCase):
                source = PhotoUpdateSource.Cloud;
                return true;
            case not null when text.Equals("onPremises", StringComparison.OrdinalIgnoreCase):
                source = PhotoUpdateSource.OnPremises;
                return true;
            default:
                source = default;
                return false;
        }
    }

    public bool Equals(PhotoUpdateSettings? other) =>
        other is not null && Source == other.Source && AllowedRoles.SequenceEqual(other.AllowedRoles);

    public override int GetHashCode() => HashCode.Combine(Source, AllowedRoles.Length);
}
