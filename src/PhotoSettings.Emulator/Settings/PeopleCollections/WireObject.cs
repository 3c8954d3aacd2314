using System.Text.Json;
using FluentValidation;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Settings;

/// <summary>How a collection item is written: POST creates it, PATCH updates the one its key names.</summary>
public enum CollectionWriteKind
{
    Create,
    Update,
}

/// <summary>
/// A JSON object as the client sent it, for the people collections' bodies and the objects nested in them: each
/// property kept as raw JSON under Graph's casing (names matched case-insensitively), the names the type does not
/// define listed apart, so a validator can tell "missing" from "null" from "wrong type" and say which.
/// </summary>
public sealed class WireObject
{
    private readonly Dictionary<string, JsonElement> _values;

    private WireObject(Dictionary<string, JsonElement> values, IReadOnlyList<string> unknown)
    {
        _values = values;
        Unknown = unknown;
    }

    /// <summary>The names sent that the type does not define, as sent.</summary>
    public IReadOnlyList<string> Unknown { get; }

    /// <summary>
    /// Maps <paramref name="body"/>'s properties onto <paramref name="known"/> (Graph's names); <paramref name="ignored"/>
    /// are accepted and dropped (annotations an OData writer adds). Two spellings of one property are refused.
    /// </summary>
    public static (WireObject? Value, BodyProblem? Problem) Read(JsonElement body, IReadOnlyList<string> known, IReadOnlyList<string> ignored)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return (null, BodyProblem.Invalid($"The property '{ClientText.Clip(property.Name)}' appears more than once in the request body."));
            }

            if (known.FirstOrDefault(k => k.Equals(property.Name, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                values[name] = property.Value.Clone();
            }
            else if (!ignored.Contains(property.Name, StringComparer.OrdinalIgnoreCase) && !IsTypeAnnotationOf(property.Name, known))
            {
                unknown.Add(property.Name);
            }
        }

        return (new WireObject(values, unknown), null);
    }

    /// <summary>
    /// <c>{property}@odata.type</c> of a property the type defines: accepted and ignored, as photoUpdateSettings does,
    /// so an answer an OData writer annotated can be sent back as is.
    /// </summary>
    private static bool IsTypeAnnotationOf(string name, IReadOnlyList<string> known)
    {
        const string Suffix = "@odata.type";
        return name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
            && known.Contains(name[..^Suffix.Length], StringComparer.OrdinalIgnoreCase) && !name[..^Suffix.Length].Contains('@', StringComparison.Ordinal);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The property's JSON, or null when the body left it out (a JSON null is a value of kind Null).</summary>
    public JsonElement? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The property's text when it is a JSON string; null when absent, null or not a string.</summary>
    public string? Text(string name) => this[name] is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}

/// <summary>
/// The rules the people collections share: bounded text, BCP 47 language tags, web URLs, and the words their
/// refusals use, so each collection's validator reads as the list of its own rules.
/// </summary>
public static class PeopleCollectionRules
{
    /// <summary>A display name's longest (a choice: Graph documents none; long enough for any label a card shows).</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>The most localizations one object may carry (a choice: more languages than Microsoft 365 offers).</summary>
    public const int MaxLocalizations = 100;

    /// <summary>A URL's longest (the limit browsers and Graph's own URLs keep to).</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The longest language tag BCP 47 implementations must accept (RFC 5646 section 4.4.1).</summary>
    public const int MaxLanguageTagLength = 35;

    /// <summary>
    /// A BCP 47 tag as Microsoft 365 writes them: a 2 or 3 letter language, then subtags of 1 to 8 letters or digits
    /// (<c>en-US</c>, <c>zh-Hant-TW</c>, <c>de</c>); compared case-insensitively, as BCP 47 says.
    /// </summary>
    public static bool IsLanguageTag(string? text)
    {
        if (text is null || text.Length > MaxLanguageTagLength)
        {
            return false;
        }

        var parts = text.Split('-');
        return parts[0].Length is 2 or 3 && parts[0].All(char.IsAsciiLetter)
            && parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }

    /// <summary>An absolute http or https URL of bounded length.</summary>
    public static bool IsWebUrl(string? text) =>
        text is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Each unknown property, in Graph's OData words.</summary>
    public static void Unknown<T>(ValidationContext<T> context, WireObject body, string typeName, string at = "")
    {
        foreach (var name in body.Unknown)
        {
            var clipped = ClientText.Clip(name);
            context.AddFailure(at + clipped, GraphErrors.PropertyNotOnType(clipped, typeName).Message);
        }
    }

    /// <summary><c>@odata.type</c>, when sent, names the type (with or without its leading '#').</summary>
    public static void ODataType<T>(ValidationContext<T> context, WireObject body, string typeName, string at = "")
    {
        if (body["@odata.type"] is { } value
            && !(value.ValueKind == JsonValueKind.String && value.GetString()!.TrimStart('#').Equals(typeName, StringComparison.OrdinalIgnoreCase)))
        {
            context.AddFailure(at + "@odata.type", $"'{at}@odata.type' must be '#{typeName}', not {Describe(value)}.");
        }
    }

    /// <summary>
    /// A text property: <paramref name="required"/> means present and not null; when present, a string of 1 to
    /// <paramref name="maxLength"/> characters that is not only white space. True when the value may be used.
    /// </summary>
    public static bool Text<T>(ValidationContext<T> context, WireObject body, string name, bool required, int maxLength, string at = "")
    {
        var target = at + name;
        switch (body[name])
        {
            case null or { ValueKind: JsonValueKind.Null } when required:
                context.AddFailure(target, $"'{target}' is required.");
                return false;
            case null or { ValueKind: JsonValueKind.Null }:
                return true;
            case { ValueKind: not JsonValueKind.String } value:
                context.AddFailure(target, $"'{target}' must be a string, not {JsonBody.Describe(value.ValueKind)}.");
                return false;
            case { } value when string.IsNullOrWhiteSpace(value.GetString()):
                context.AddFailure(target, $"'{target}' must not be empty.");
                return false;
            case { } value when value.GetString()!.Length > maxLength:
                context.AddFailure(target, $"'{target}' is {value.GetString()!.Length} characters long; at most {maxLength} are allowed.");
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// An array property of at most <paramref name="max"/> JSON objects (null is the empty array), each read with
    /// <paramref name="known"/> names; null when the property is absent or not such an array (the failure is added).
    /// </summary>
    public static List<WireObject>? Objects<T>(ValidationContext<T> context, WireObject body, string name, int max, IReadOnlyList<string> known, string at = "")
    {
        var target = at + name;
        switch (body[name])
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Null }:
                return [];
            case { ValueKind: not JsonValueKind.Array } value:
                context.AddFailure(target, $"'{target}' must be an array of objects, not {JsonBody.Describe(value.ValueKind)}.");
                return null;
            case { } value when value.GetArrayLength() > max:
                context.AddFailure(target, $"'{target}' has {value.GetArrayLength()} entries; at most {max} are allowed.");
                return null;
        }

        var items = new List<WireObject>();
        var index = 0;
        foreach (var element in body[name]!.Value.EnumerateArray())
        {
            var item = $"{target}[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                context.AddFailure(item, $"'{item}' must be an object, not {JsonBody.Describe(element.ValueKind)}.");
                return null;
            }

            var (read, problem) = WireObject.Read(element, known, ["@odata.type"]);
            if (problem is not null)
            {
                context.AddFailure(item, $"'{item}': {problem.Message}");
                return null;
            }

            items.Add(read!);
        }

        return items;
    }

    /// <summary>Language tags given twice in one list (case-insensitively, as BCP 47 compares them).</summary>
    public static void LanguageTags<T>(ValidationContext<T> context, IReadOnlyList<WireObject> localizations, string at)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < localizations.Count; i++)
        {
            var target = $"{at}[{i}].languageTag";
            if (!Text(context, localizations[i], "languageTag", required: true, MaxLanguageTagLength + 1, $"{at}[{i}]."))
            {
                continue;
            }

            var tag = localizations[i].Text("languageTag")!;
            if (!IsLanguageTag(tag))
            {
                context.AddFailure(target, $"'{target}' '{ClientText.Clip(tag)}' is not a BCP 47 language tag such as 'en-US' or 'de'.");
            }
            else if (!seen.Add(tag))
            {
                context.AddFailure(target, $"'{target}' '{tag}' appears more than once; give each language one localization.");
            }
        }
    }

    public static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"'{ClientText.Clip(value.GetString())}'" : JsonBody.Describe(value.ValueKind);
}
