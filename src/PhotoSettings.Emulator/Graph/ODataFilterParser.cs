using System.Globalization;
using PhotoSettings.Emulator.Primitives;
using static PhotoSettings.Emulator.Graph.ODataFilter;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// A small, bounded <c>$filter</c> grammar for the lists Graph documents with <c>$filter</c> (the people collections):
/// <c>eq</c> and <c>ne</c> on string, boolean and enum properties against <c>'text'</c> (a quote written twice),
/// <c>true</c>, <c>false</c> or <c>null</c>; <c>startswith(property,'text')</c>; <c>collection/any(v:v eq 'x')</c> on
/// string collections; <c>and</c>, <c>or</c>, <c>not</c> and parentheses. Written by hand rather than with
/// Microsoft.OData.Core because that library needs an EDM model of each type and is not trimming- or AOT-annotated
/// (docs/choices.md). The expression is at most <see cref="MaxLength"/> characters, <see cref="MaxDepth"/> levels and
/// <see cref="MaxTerms"/> terms, so one request's cost is bounded before the (at most 100) items are walked.
/// </summary>
public sealed partial class ODataFilterParser
{
    public const int MaxLength = 2000;
    public const int MaxDepth = 32;
    public const int MaxTerms = 100;

    private static readonly string[] OtherOperators = ["gt", "ge", "lt", "le", "has", "in", "add", "sub", "mul", "div", "divby", "mod"];

    private readonly string _text;
    private readonly string _typeName;
    private readonly IReadOnlyList<ODataProperty> _properties;
    private int _position;
    private int _depth;
    private int _terms;
    private string? _variable;

    private ODataFilterParser(string text, string typeName, IReadOnlyList<ODataProperty> properties)
    {
        _text = text;
        _typeName = typeName;
        _properties = properties;
    }

    /// <summary>The filter, or why not in Graph's words (a 400's message).</summary>
    public static (ODataFilter? Filter, string? Problem) Parse(string text, string typeName, IReadOnlyList<ODataProperty> properties)
    {
        if (text.Length > MaxLength)
        {
            return (null, $"Invalid filter clause: the expression has {text.Length} characters; at most {MaxLength} are allowed.");
        }

        var parser = new ODataFilterParser(text, typeName, properties);
        try
        {
            var filter = parser.ParseOr();
            parser.SkipSpaces();
            return parser._position < text.Length ? (null, parser.Syntax()) : (filter, null);
        }
        catch (ODataQueryException e)
        {
            return (null, e.Message);
        }
    }

    private ODataFilter ParseOr()
    {
        Enter();
        var left = ParseAnd();
        while (TakeWord("or"))
        {
            left = new Or(left, ParseAnd());
        }

        _depth--;
        return left;
    }

    private ODataFilter ParseAnd()
    {
        var left = ParseUnary();
        while (TakeWord("and"))
        {
            left = new And(left, ParseUnary());
        }

        return left;
    }

    private ODataFilter ParseUnary()
    {
        if (TakeWord("not"))
        {
            Enter();
            var inner = new Not(ParseUnary());
            _depth--;
            return inner;
        }

        if (Take('('))
        {
            var inner = ParseOr();
            return Take(')') ? inner : throw new ODataQueryException(Syntax());
        }

        return ParseTerm();
    }

    private ODataFilter ParseTerm()
    {
        if (++_terms > MaxTerms)
        {
            throw new ODataQueryException($"Invalid filter clause: the expression has more than {MaxTerms} terms.");
        }

        SkipSpaces();
        var start = _position;
        var word = Word();
        if (word is not null && Peek() == '(' && !IsLiteralWord(word))
        {
            return Function(word, start);
        }

        if (word is not null && Peek() == '/')
        {
            return Lambda(Property(word));
        }

        _position = start;
        var left = ParseOperand();
        SkipSpaces();
        var opStart = _position;
        var op = Word();
        if (op is null || op.Equals("and", StringComparison.Ordinal) || op.Equals("or", StringComparison.Ordinal))
        {
            _position = opStart;
            return left.Edm == "Edm.Boolean" && left.Property is not null
                ? new IsTrue(left)
                : throw new ODataQueryException(Syntax());
        }

        if (op is not ("eq" or "ne"))
        {
            throw new ODataQueryException(OtherOperators.Contains(op)
                ? $"Invalid filter clause: the operator '{op}' is not supported on '{_typeName}'; use eq, ne, startswith, any, and, or, not."
                : Syntax(opStart));
        }

        var right = ParseOperand();
        Check(left, right, op == "eq" ? "Equal" : "NotEqual");
        return new Compare(left, op == "eq", right);
    }

    private ODataFilter Function(string name, int start)
    {
        if (!name.Equals("startswith", StringComparison.Ordinal))
        {
            throw new ODataQueryException($"Invalid filter clause: An unknown function with name '{ClientText.Clip(name)}' was found, or it is not supported on '{_typeName}'.");
        }

        Take('(');
        var subject = ParseOperand();
        if (!Take(','))
        {
            throw new ODataQueryException(Syntax());
        }

        var prefix = ParseOperand();
        if (!Take(')'))
        {
            throw new ODataQueryException(Syntax());
        }

        if (subject.Edm != "Edm.String" || prefix.Property is not null || prefix.IsVariable || prefix.Literal is not string text)
        {
            throw new ODataQueryException($"Invalid filter clause: startswith takes a string property and a string literal (at position {start}).");
        }

        return new StartsWith(subject, text);
    }

    private ODataFilter Lambda(ODataProperty collection)
    {
        Take('/');
        var kind = Word();
        if (kind != "any" || !Take('('))
        {
            throw new ODataQueryException(kind is "all"
                ? $"Invalid filter clause: 'all' is not supported on '{_typeName}'; use any."
                : Syntax());
        }

        if (collection.Kind != ODataPropertyKind.StringCollection)
        {
            throw new ODataQueryException($"Invalid filter clause: any applies to a collection of strings; '{collection.Name}' is {collection.Edm}.");
        }

        if (Take(')'))
        {
            return new Any(collection.Name, null);
        }

        if (_variable is not null || Word() is not { } variable || !Take(':'))
        {
            throw new ODataQueryException(Syntax());
        }

        _variable = variable;
        var body = ParseOr();
        _variable = null;
        return Take(')') ? new Any(collection.Name, body) : throw new ODataQueryException(Syntax());
    }

    private Operand ParseOperand()
    {
        SkipSpaces();
        if (Peek() == '\'')
        {
            return new Operand(null, false, StringLiteral(), "Edm.String");
        }

        var start = _position;
        if (Word() is not { } word)
        {
            throw new ODataQueryException(Syntax());
        }

        return word switch
        {
            "true" or "false" => new Operand(null, false, word == "true", "Edm.Boolean"),
            "null" => new Operand(null, false, null, "null"),
            _ when char.IsAsciiDigit(word[0]) || word[0] == '-' => new Operand(null, false, word, "Edm.Int32"),
            _ when word == _variable => new Operand(null, true, null, "Edm.String"),
            _ when Peek() == '/' || Peek() == '(' => throw new ODataQueryException(Syntax(start)),
            _ => Property(word) is var p ? new Operand(p.Name, false, null, p.Edm) : throw new ODataQueryException(Syntax(start)),
        };
    }

    /// <summary>Both sides must be of one type (or null); an enum's literal must be one of its members; collections only through any.</summary>
    private void Check(Operand left, Operand right, string operatorKind)
    {
        foreach (var side in new[] { left, right })
        {
            if (side.Edm.StartsWith("Collection(", StringComparison.Ordinal) || _properties.Any(p => p.Name == side.Property && p.Kind == ODataPropertyKind.Complex))
            {
                throw new ODataQueryException($"Invalid filter clause: '{side.Property}' is {side.Edm}; compare its elements with {side.Property}/any(x: x eq '…').");
            }
        }

        var enumSide = _properties.FirstOrDefault(p => p.Kind == ODataPropertyKind.Enum && (p.Name == left.Property || p.Name == right.Property));
        var other = enumSide is not null && enumSide.Name == left.Property ? right : left;
        if (enumSide is not null && other.Literal is string member && other.Property is null)
        {
            if (!enumSide.Members.Contains(member, StringComparer.OrdinalIgnoreCase))
            {
                throw new ODataQueryException($"Invalid filter clause: The string '{ClientText.Clip(member)}' is not a valid enumerated type constant of '{enumSide.Edm}'.");
            }

            return;
        }

        if (left.Edm != right.Edm && left.Edm != "null" && right.Edm != "null")
        {
            throw new ODataQueryException("Invalid filter clause: A binary operator with incompatible types was detected. "
                + $"Found operand types '{left.Edm}' and '{right.Edm}' for operator kind '{operatorKind}'.");
        }
    }

    private ODataProperty Property(string name) =>
        _properties.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ODataQueryException($"Could not find a property named '{ClientText.Clip(name)}' on type '{_typeName}'.");

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new ODataQueryException($"Invalid filter clause: The recursion limit has been exceeded: the expression nests deeper than {MaxDepth} levels (the whole expression is one).");
        }
    }

    private static bool IsLiteralWord(string word) => word is "true" or "false" or "null";

    private string Syntax(int? at = null) =>
        string.Create(CultureInfo.InvariantCulture, $"Invalid filter clause: Syntax error at position {at ?? _position} in '{ClientText.Clip(_text)}'.");
}
