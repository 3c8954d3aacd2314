using System.Text.Json.Nodes;

namespace PhotoSettings.Emulator.Graph;

/// <summary>What a property of a listed item is, as <c>$filter</c> and <c>$orderby</c> judge it.</summary>
public enum ODataPropertyKind
{
    String,
    Boolean,

    /// <summary>An enumeration (a string on the wire; a literal must be one of its members).</summary>
    Enum,

    /// <summary><c>Collection(Edm.String)</c>: reachable only through <c>any</c>.</summary>
    StringCollection,

    /// <summary>A complex value or a collection of them: neither filtered nor ordered by.</summary>
    Complex,
}

/// <summary>A property of the listed type: its name in Graph's casing, its kind, its Edm type name, and an enum's members.</summary>
public sealed record ODataProperty(string Name, ODataPropertyKind Kind, string Edm, IReadOnlyList<string> Members);

/// <summary>A parsed <c>$filter</c>: a predicate over one item's JSON.</summary>
public abstract record ODataFilter
{
    /// <summary>Whether the item (its JSON, Graph's property names) passes; <paramref name="variable"/> is an <c>any</c> lambda's element.</summary>
    public abstract bool Matches(JsonObject item, JsonNode? variable = null);

    internal sealed record And(ODataFilter Left, ODataFilter Right) : ODataFilter
    {
        public override bool Matches(JsonObject item, JsonNode? variable = null) => Left.Matches(item, variable) && Right.Matches(item, variable);
    }

    internal sealed record Or(ODataFilter Left, ODataFilter Right) : ODataFilter
    {
        public override bool Matches(JsonObject item, JsonNode? variable = null) => Left.Matches(item, variable) || Right.Matches(item, variable);
    }

    internal sealed record Not(ODataFilter Inner) : ODataFilter
    {
        public override bool Matches(JsonObject item, JsonNode? variable = null) => !Inner.Matches(item, variable);
    }

    /// <summary><c>eq</c> or <c>ne</c>: strings and enum members compare case-insensitively (as Graph matches keys), null equals only null.</summary>
    internal sealed record Compare(Operand Left, bool Equal, Operand Right) : ODataFilter
    {
        public override bool Matches(JsonObject item, JsonNode? variable = null)
        {
            var (left, right) = (Left.Value(item, variable), Right.Value(item, variable));
            var same = left is null || right is null ? left is null && right is null
                : left is string a && right is string b ? string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
                : Equals(left, right);
            return same == Equal;
        }
    }

    /// <summary><c>startswith(subject,'prefix')</c>, case-insensitive; a null subject does not start with anything.</summary>
    internal sealed record StartsWith(Operand Subject, string Prefix) : ODataFilter
    {
        public override bool Matches(JsonObject item, JsonNode? variable = null) =>
            Subject.Value(item, variable) is string text && text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A boolean property standing alone (<c>isUserOverrideForAudienceEnabled</c>): true only when it is true.</summary>
    internal sealed record IsTrue(Operand Subject) : ODataFilter
    {
        public override bool Matches(JsonObject item, JsonNode? variable = null) => Subject.Value(item, variable) is true;
    }

    /// <summary><c>collection/any(v:body)</c>, or <c>collection/any()</c> for "has at least one".</summary>
    internal sealed record Any(string Property, ODataFilter? Body) : ODataFilter
    {
        public override bool Matches(JsonObject item, JsonNode? variable = null) =>
            item[Property] is JsonArray elements && (Body is null ? elements.Count > 0 : elements.Any(e => Body.Matches(item, e)));
    }

    /// <summary>One side of a comparison: a property, the lambda's variable, or a literal (a string, true or false, or null).</summary>
    internal sealed record Operand(string? Property, bool IsVariable, object? Literal, string Edm)
    {
        public object? Value(JsonObject item, JsonNode? variable)
        {
            var node = IsVariable ? variable : Property is null ? null : item[Property];
            if (Property is null && !IsVariable)
            {
                return Literal;
            }

            return node is JsonValue value
                ? value.TryGetValue<string>(out var text) ? text : value.TryGetValue<bool>(out var flag) ? flag : null
                : null;
        }
    }
}

/// <summary>A <c>$filter</c> or <c>$orderby</c> the emulator refuses: the message Graph's OData layer would give, near enough.</summary>
public sealed class ODataQueryException(string message) : Exception(message);
