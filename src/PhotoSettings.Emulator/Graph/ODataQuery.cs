using System.Collections.Frozen;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// The OData system query options a request carries. Only <c>$select</c> is served; every other
/// system option is refused by name. Graph beta accepts the options without their <c>$</c>, so we do too;
/// query parameters that are not OData options are ignored, as Graph ignores them.
/// </summary>
public static class ODataQuery
{
    private static readonly FrozenSet<string> SystemOptions = FrozenSet.ToFrozenSet(
        ["select", "expand", "filter", "orderby", "top", "skip", "count", "search", "format", "skiptoken",
         "deltatoken", "levels", "apply", "compute", "index", "schemaversion", "id"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a query key is an OData system option (with or without its <c>$</c>), as the parsers here judge it.</summary>
    public static bool IsSystemOption(string key) => SystemOptions.Contains(key.StartsWith('$') ? key[1..] : key);

    /// <summary>
    /// Parses <c>$select</c> against the type's properties. Returns the selected canonical property
    /// names, or null when the whole object is wanted.
    /// </summary>
    public static (IReadOnlyList<string>? Select, GraphError? Error) ParseSelect(
        IQueryCollection query, string typeName, IReadOnlyList<string> properties)
    {
        string? selectValue = null;
        var seenSelect = false;
        foreach (var (key, values) in query)
        {
            var name = key.StartsWith('$') ? key[1..] : key;
            if (!SystemOptions.Contains(name))
            {
                continue;
            }

            if (!name.Equals("select", StringComparison.OrdinalIgnoreCase))
            {
                return (null, GraphErrors.BadRequest(
                    $"The query option '${name.ToLowerInvariant()}' is not supported on '{typeName}'; only '$select' is."));
            }

            if (seenSelect || values.Count > 1)
            {
                return (null, GraphErrors.BadRequest("The query option '$select' was specified more than once."));
            }

            seenSelect = true;
            selectValue = values.ToString();
        }

        if (!seenSelect)
        {
            return (null, null);
        }

        if (string.IsNullOrWhiteSpace(selectValue))
        {
            return (null, GraphErrors.BadRequest("The query option '$select' has no value; name one or more properties."));
        }

        var selected = new List<string>();
        foreach (var raw in selectValue.Split(','))
        {
            var item = raw.Trim();
            if (item == "*")
            {
                return (null, null);
            }

            var canonical = properties.FirstOrDefault(p => p.Equals(item, StringComparison.OrdinalIgnoreCase));
            if (canonical is null)
            {
                return (null, GraphErrors.BadRequest(
                    item.Length == 0
                        ? "The query option '$select' has an empty item."
                        : $"Could not find a property named '{item}' on type '{typeName}'."));
            }

            if (!selected.Contains(canonical))
            {
                selected.Add(canonical);
            }
        }

        return (selected, null);
    }
}
