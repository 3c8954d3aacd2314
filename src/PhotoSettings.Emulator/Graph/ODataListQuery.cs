using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Graph;

/// <summary>One <c>$orderby</c> clause: a property and its direction.</summary>
public sealed record ODataOrder(string Property, bool Descending);

/// <summary>
/// The query options of a list Graph documents with <c>$select</c>, <c>$filter</c> and <c>$orderby</c> (v1.0's pages
/// spell it <c>$orderBy</c>; option names are case-insensitive, with or without <c>$</c>, as <see cref="ODataQuery"/>
/// reads them). Every other system option is refused by name.
/// </summary>
public sealed record ODataListQuery(IReadOnlyList<string>? Select, ODataFilter? Filter, IReadOnlyList<ODataOrder> OrderBy)
{
    /// <summary>The most <c>$orderby</c> clauses (a type has fewer orderable properties than this).</summary>
    public const int MaxOrderClauses = 10;

    public static (ODataListQuery? Query, GraphError? Error) Parse(IQueryCollection query, string typeName, IReadOnlyList<ODataProperty> properties)
    {
        string? filterText = null;
        string? orderText = null;
        foreach (var (key, values) in query)
        {
            var name = key.StartsWith('$') ? key[1..] : key;
            if (!ODataQuery.IsSystemOption(key) || name.Equals("select", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var canonical = name.Equals("filter", StringComparison.OrdinalIgnoreCase) ? "$filter"
                : name.Equals("orderby", StringComparison.OrdinalIgnoreCase) ? "$orderby"
                : null;
            if (canonical is null)
            {
                return (null, GraphErrors.BadRequest(
                    $"The query option '${name.ToLowerInvariant()}' is not supported on '{typeName}'; only '$select', '$filter' and '$orderby' are."));
            }

            if (values.Count > 1 || (canonical == "$filter" ? filterText : orderText) is not null)
            {
                return (null, GraphErrors.BadRequest($"The query option '{canonical}' was specified more than once."));
            }

            var value = values.ToString();
            if (string.IsNullOrWhiteSpace(value))
            {
                return (null, GraphErrors.BadRequest($"The query option '{canonical}' has no value."));
            }

            (filterText, orderText) = canonical == "$filter" ? (value, orderText) : (filterText, value);
        }

        // $select's own reader judges it (and ignores the other options, which were judged above).
        var withoutOthers = new QueryCollection(query.Where(q => !ODataQuery.IsSystemOption(q.Key) || (q.Key.StartsWith('$') ? q.Key[1..] : q.Key).Equals("select", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(q => q.Key, q => q.Value));
        var (select, selectError) = ODataQuery.ParseSelect(withoutOthers, typeName, [.. properties.Select(p => p.Name)]);
        if (selectError is not null)
        {
            return (null, selectError);
        }

        ODataFilter? filter = null;
        if (filterText is not null)
        {
            var (parsed, problem) = ODataFilterParser.Parse(filterText, typeName, properties);
            if (problem is not null)
            {
                return (null, GraphErrors.BadRequest(problem));
            }

            filter = parsed;
        }

        var (order, orderProblem) = orderText is null ? ([], null) : ParseOrder(orderText, typeName, properties);
        return orderProblem is not null ? (null, GraphErrors.BadRequest(orderProblem)) : (new ODataListQuery(select, filter, order!), null);
    }

    /// <summary>The items that pass the filter, in the order asked for (stable: ties keep the list's order).</summary>
    public IEnumerable<JsonObject> Apply(IEnumerable<JsonObject> items)
    {
        var passing = Filter is null ? items : items.Where(i => Filter.Matches(i));
        if (OrderBy.Count == 0)
        {
            return passing;
        }

        IOrderedEnumerable<JsonObject>? ordered = null;
        foreach (var (property, descending) in OrderBy)
        {
            Func<JsonObject, JsonNode?> key = i => i[property];
            ordered = ordered is null
                ? descending ? passing.OrderByDescending(key, ValueOrder.Instance) : passing.OrderBy(key, ValueOrder.Instance)
                : descending ? ordered.ThenByDescending(key, ValueOrder.Instance) : ordered.ThenBy(key, ValueOrder.Instance);
        }

        return ordered!;
    }

    private static (IReadOnlyList<ODataOrder>? Order, string? Problem) ParseOrder(string text, string typeName, IReadOnlyList<ODataProperty> properties)
    {
        var clauses = text.Split(',');
        if (clauses.Length > MaxOrderClauses)
        {
            return (null, $"The query option '$orderby' has {clauses.Length} clauses; at most {MaxOrderClauses} are allowed.");
        }

        var order = new List<ODataOrder>();
        foreach (var clause in clauses)
        {
            var words = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is 0 or > 2 || (words.Length == 2 && words[1] is not ("asc" or "desc")))
            {
                return (null, $"Syntax error at position {text.IndexOf(clause, StringComparison.Ordinal)} in '$orderby' '{ClientText.Clip(text)}': each clause is a property, then asc or desc.");
            }

            var property = properties.FirstOrDefault(p => p.Name.Equals(words[0], StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return (null, $"Could not find a property named '{ClientText.Clip(words[0])}' on type '{typeName}'.");
            }

            if (property.Kind is ODataPropertyKind.StringCollection or ODataPropertyKind.Complex)
            {
                return (null, $"The $orderby expression must evaluate to a single value of primitive type: '{property.Name}' is {property.Edm}.");
            }

            if (order.Any(o => o.Property == property.Name))
            {
                return (null, $"Duplicate property named '{property.Name}' is not supported in '$orderby'.");
            }

            order.Add(new(property.Name, words.Length == 2 && words[1] == "desc"));
        }

        return (order, null);
    }

    /// <summary>OData's order of single values: null first, false before true, strings case-insensitively.</summary>
    private sealed class ValueOrder : IComparer<JsonNode?>
    {
        public static ValueOrder Instance { get; } = new();

        public int Compare(JsonNode? x, JsonNode? y) => (Scalar(x), Scalar(y)) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (bool a, bool b) => a.CompareTo(b),
            (var a, var b) => StringComparer.OrdinalIgnoreCase.Compare(a.ToString(), b.ToString()),
        };

        private static object? Scalar(JsonNode? node) =>
            node is JsonValue value ? value.TryGetValue<string>(out var text) ? text : value.TryGetValue<bool>(out var flag) ? flag : null : null;
    }
}
