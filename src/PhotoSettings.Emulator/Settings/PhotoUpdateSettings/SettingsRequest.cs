using System.Text.Json;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// A PATCH or POST body as the client sent it: each known property kept as raw JSON (absent is
/// null), so the validator can tell "missing" from "null" from "wrong type" and say which.
/// </summary>
public sealed class SettingsRequest
{
    public const string SourceName = "source";
    public const string AllowedRolesName = "allowedRoles";
    public const string IdName = "id";
    public const string ODataTypeName = "@odata.type";

    // Accepted and ignored: what a client that echoes a GET back, or an OData writer, adds.
    private static readonly string[] IgnoredNames =
        ["@odata.context", "source@odata.type", "allowedRoles@odata.type", "id@odata.type"];

    public JsonElement? Source { get; private init; }

    public JsonElement? AllowedRoles { get; private init; }

    public JsonElement? Id { get; private init; }

    public JsonElement? ODataType { get; private init; }

    public IReadOnlyList<string> UnknownProperties { get; private init; } = [];

    /// <summary>
    /// Maps the body's properties (names matched case-insensitively, like the enum values).
    /// Two spellings of one property are refused rather than guessed between.
    /// </summary>
    public static (SettingsRequest? Request, BodyProblem? Problem) Read(JsonElement body)
    {
        JsonElement? source = null, roles = null, id = null, odataType = null;
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return (null, BodyProblem.Invalid(
                    $"The property '{ClientText.Clip(property.Name)}' appears more than once in the request body."));
            }

            var value = property.Value.Clone();
            switch (property.Name)
            {
                case var n when n.Equals(SourceName, StringComparison.OrdinalIgnoreCase): source = value; break;
                case var n when n.Equals(AllowedRolesName, StringComparison.OrdinalIgnoreCase): roles = value; break;
                case var n when n.Equals(IdName, StringComparison.OrdinalIgnoreCase): id = value; break;
                case var n when n.Equals(ODataTypeName, StringComparison.OrdinalIgnoreCase): odataType = value; break;
                case var n when IgnoredNames.Contains(n, StringComparer.OrdinalIgnoreCase): break;
                default: unknown.Add(property.Name); break;
            }
        }

        return (new SettingsRequest
        {
            Source = source,
            AllowedRoles = roles,
            Id = id,
            ODataType = odataType,
            UnknownProperties = unknown,
        }, null);
    }

    /// <summary>The change this (already validated) request asks for; null members are left as they are.</summary>
    public SettingsChange ToChange()
    {
        PhotoUpdateSource? source = Source is { } s && SettingsRules.TryParseSource(s.GetString(), out var parsed) ? parsed : null;
        System.Collections.Immutable.ImmutableArray<string>? roles = AllowedRoles switch
        {
            null => null,
            { ValueKind: JsonValueKind.Null } => [],
            { } array => [.. array.EnumerateArray()
                .Select(e => SettingsRules.TryParseRoleId(e.GetString(), out var g) ? g.ToString() : "")
                .Distinct()],
        };
        return new SettingsChange(source, roles);
    }
}

/// <summary>What a write asks to change; null means "keep" for PATCH and "default" for POST.</summary>
public sealed record SettingsChange(PhotoUpdateSource? Source, System.Collections.Immutable.ImmutableArray<string>? AllowedRoles)
{
    public PhotoUpdateSettings MergeInto(PhotoUpdateSettings current) =>
        new(Source ?? current.Source, AllowedRoles ?? current.AllowedRoles);
}
