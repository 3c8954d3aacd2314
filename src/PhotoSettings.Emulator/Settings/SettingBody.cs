using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>What a singleton's property holds on the wire, and so what a body may send for it.</summary>
public enum SettingPropertyKind
{
    /// <summary><c>Edm.Boolean</c>, never null.</summary>
    Boolean,

    /// <summary>An Entra object id (a group's) as a string, or null for none.</summary>
    NullableObjectId,
}

/// <summary>One property of a singleton setting's Graph resource: its name in Graph's casing and what it holds.</summary>
public sealed record SettingProperty(string Name, SettingPropertyKind Kind, string Description);

/// <summary>
/// A write's body for a declared singleton, as the client sent it: each declared property kept as raw JSON (absent is
/// not a key), so the validator can tell "missing" from "null" from "wrong type" and say which; everything else listed.
/// </summary>
public sealed class SettingBody
{
    // Accepted and ignored: what an OData writer, or a client that echoes a GET back, adds.
    private const string ContextName = "@odata.context";
    public const string ODataTypeName = "@odata.type";

    public required string TypeName { get; init; }

    public required IReadOnlyList<SettingProperty> Declared { get; init; }

    public IReadOnlyDictionary<string, JsonElement> Values { get; private init; } = new Dictionary<string, JsonElement>();

    public JsonElement? ODataType { get; private init; }

    public IReadOnlyList<string> UnknownProperties { get; private init; } = [];

    /// <summary>The body's properties, names matched case-insensitively; two spellings of one are refused rather than guessed between.</summary>
    public static (SettingBody? Body, BodyProblem? Problem) Read(JsonElement body, string typeName, IReadOnlyList<SettingProperty> declared)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        JsonElement? odataType = null;
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return (null, BodyProblem.Invalid($"The property '{ClientText.Clip(property.Name)}' appears more than once in the request body."));
            }

            if (declared.FirstOrDefault(p => p.Name.Equals(property.Name, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                values[known.Name] = property.Value.Clone();
            }
            else if (property.Name.Equals(ODataTypeName, StringComparison.OrdinalIgnoreCase))
            {
                odataType = property.Value.Clone();
            }
            else if (!property.Name.Equals(ContextName, StringComparison.OrdinalIgnoreCase)
                && !(property.Name.Contains("@odata.", StringComparison.OrdinalIgnoreCase) && declared.Any(p => property.Name.StartsWith(p.Name + "@", StringComparison.OrdinalIgnoreCase))))
            {
                unknown.Add(property.Name);
            }
        }

        return (new SettingBody { TypeName = typeName, Declared = declared, Values = values, ODataType = odataType, UnknownProperties = unknown }, null);
    }

    public bool Has(string name) => Values.ContainsKey(name);

    /// <summary>A boolean the validator accepted; <paramref name="fallback"/> when the body leaves it out.</summary>
    public bool Boolean(string name, bool fallback) => Values.TryGetValue(name, out var v) ? v.GetBoolean() : fallback;

    /// <summary>An object id the validator accepted, canonical (lower-case, hyphenated); null for JSON null.</summary>
    public string? ObjectId(string name, string? fallback) =>
        !Values.TryGetValue(name, out var v) ? fallback : v.ValueKind == JsonValueKind.Null ? null : Guid.Parse(v.GetString()!.Trim()).ToString();
}

/// <summary>The shape rules of every singleton's body: no unknown property, the resource's own <c>@odata.type</c>, each value of its kind.</summary>
public sealed class SettingBodyValidator : AbstractValidator<SettingBody>
{
    public SettingBodyValidator()
    {
        RuleFor(b => b).Custom((body, context) =>
        {
            foreach (var name in body.UnknownProperties)
            {
                context.AddFailure(ClientText.Clip(name), GraphErrors.PropertyNotOnType(ClientText.Clip(name), body.TypeName).Message);
            }

            if (body.ODataType is { } type && !(type.ValueKind == JsonValueKind.String
                && type.GetString()!.TrimStart('#').Equals(body.TypeName, StringComparison.OrdinalIgnoreCase)))
            {
                context.AddFailure(SettingBody.ODataTypeName, $"'@odata.type' must be '#{body.TypeName}', not {Quote(type)}.");
            }

            foreach (var property in body.Declared)
            {
                if (body.Values.TryGetValue(property.Name, out var value) && Problem(property, value) is { } problem)
                {
                    context.AddFailure(property.Name, problem);
                }
            }
        });
    }

    private static string? Problem(SettingProperty property, JsonElement value) => property.Kind switch
    {
        SettingPropertyKind.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) =>
            $"'{property.Name}' must be true or false, not {Quote(value)}.",
        SettingPropertyKind.NullableObjectId when value.ValueKind == JsonValueKind.Null => null,
        SettingPropertyKind.NullableObjectId when value.ValueKind != JsonValueKind.String =>
            $"'{property.Name}' must be a group's object id (a GUID string) or null, not {JsonBody.Describe(value.ValueKind)}.",
        SettingPropertyKind.NullableObjectId when !Guid.TryParse(value.GetString()!.Trim(), out _) =>
            $"'{property.Name}' '{ClientText.Clip(value.GetString())}' is not an object id (a GUID).",
        _ => null,
    };

    private static string Quote(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"'{ClientText.Clip(value.GetString())}'" : JsonBody.Describe(value.ValueKind);
}
