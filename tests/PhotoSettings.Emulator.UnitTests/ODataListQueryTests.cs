using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The list query grammar without a host: which items a filter keeps, the order asked for, and each refusal's words.</summary>
public sealed class ODataListQueryTests
{
    private const string Type = "microsoft.graph.thing";

    private static readonly ODataProperty[] Properties =
    [
        new("name", ODataPropertyKind.String, "Edm.String", []),
        new("enabled", ODataPropertyKind.Boolean, "Edm.Boolean", []),
        new("audience", ODataPropertyKind.Enum, "microsoft.graph.audience", ["me", "everyone"]),
        new("urls", ODataPropertyKind.StringCollection, "Collection(Edm.String)", []),
        new("parts", ODataPropertyKind.Complex, "Collection(microsoft.graph.part)", []),
    ];

    private static readonly JsonObject[] Items =
    [
        Item("alpha", true, "me", "https://a.test/"),
        Item("Beta", false, "everyone", "https://b.test/", "https://a.test/"),
        Item(null, null, null),
    ];

    [Theory]
    [InlineData("name eq 'ALPHA'", "alpha")]
    [InlineData("name ne 'alpha'", "Beta,-")]
    [InlineData("name eq null", "-")]
    [InlineData("enabled eq true or enabled eq false", "alpha,Beta")]
    [InlineData("enabled ne true", "Beta,-")]
    [InlineData("enabled", "alpha")]
    [InlineData("not enabled", "Beta,-")]
    [InlineData("audience eq 'Everyone'", "Beta")]
    [InlineData("startswith(name,'b') or startswith(name,'')", "alpha,Beta")]
    [InlineData("urls/any(u:u eq 'https://A.test/')", "alpha,Beta")]
    [InlineData("urls/any(u:startswith(u,'https://b') and name ne 'x')", "Beta")]
    [InlineData("urls/any()", "alpha,Beta")]
    [InlineData("not (urls/any() and (enabled eq true or audience eq 'everyone'))", "-")]
    [InlineData("'alpha' eq name", "alpha")]
    public void AFilterKeepsTheItemsItDescribes(string filter, string expected)
    {
        var (query, error) = ODataListQuery.Parse(Query(("$filter", filter)), Type, Properties);

        Assert.Null(error);
        Assert.Equal(expected, Names(query!.Apply(Items)));
    }

    [Theory]
    [InlineData("name", "-,alpha,Beta")]
    [InlineData("name desc", "Beta,alpha,-")]
    [InlineData("enabled,name desc", "-,Beta,alpha")]
    [InlineData("audience desc,name", "alpha,Beta,-")]
    public void OrderByPutsNullsFirstAndComparesStringsIgnoringCase(string orderBy, string expected)
    {
        var (query, error) = ODataListQuery.Parse(Query(("$orderBy", orderBy)), Type, Properties);

        Assert.Null(error);
        Assert.Equal(expected, Names(query!.Apply(Items)));
    }

    [Theory]
    [InlineData("$filter", "name eq 'a' and", "Invalid filter clause: Syntax error at position 15 in 'name eq 'a' and'.")]
    [InlineData("$filter", "name lt 'a'", "Invalid filter clause: the operator 'lt' is not supported on 'microsoft.graph.thing'; use eq, ne, startswith, any, and, or, not.")]
    [InlineData("$filter", "endswith(name,'a')", "Invalid filter clause: An unknown function with name 'endswith' was found, or it is not supported on 'microsoft.graph.thing'.")]
    [InlineData("$filter", "startswith(enabled,'t')", "Invalid filter clause: startswith takes a string property and a string literal (at position 0).")]
    [InlineData("$filter", "audience eq 'nobody'", "Invalid filter clause: The string 'nobody' is not a valid enumerated type constant of 'microsoft.graph.audience'.")]
    [InlineData("$filter", "enabled eq 'yes'", "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.")]
    [InlineData("$filter", "urls eq 'x'", "Invalid filter clause: 'urls' is Collection(Edm.String); compare its elements with urls/any(x: x eq '…').")]
    [InlineData("$filter", "parts/any(p:p eq 'x')", "Invalid filter clause: any applies to a collection of strings; 'parts' is Collection(microsoft.graph.part).")]
    [InlineData("$filter", "colour eq 'red'", "Could not find a property named 'colour' on type 'microsoft.graph.thing'.")]
    [InlineData("$orderby", "urls", "The $orderby expression must evaluate to a single value of primitive type: 'urls' is Collection(Edm.String).")]
    [InlineData("$orderby", "name up", "Syntax error at position 0 in '$orderby' 'name up': each clause is a property, then asc or desc.")]
    [InlineData("$orderby", "a,b,c,d,e,f,g,h,i,j,k", "The query option '$orderby' has 11 clauses; at most 10 are allowed.")]
    [InlineData("$skip", "1", "The query option '$skip' is not supported on 'microsoft.graph.thing'; only '$select', '$filter' and '$orderby' are.")]
    public void EachRefusalSaysWhatIsWrong(string option, string value, string message)
    {
        var (query, error) = ODataListQuery.Parse(Query((option, value)), Type, Properties);

        Assert.Null(query);
        Assert.Equal(400, error!.StatusCode);
        Assert.Equal(message, error.Message);
    }

    private static QueryCollection Query(params (string Key, string Value)[] options) =>
        new(options.ToDictionary(o => o.Key, o => new StringValues(o.Value)));

    private static string Names(IEnumerable<JsonObject> items) => string.Join(',', items.Select(i => i["name"]?.GetValue<string>() ?? "-"));

    private static JsonObject Item(string? name, bool? enabled, string? audience, params string[] urls) => new()
    {
        ["name"] = name,
        ["enabled"] = enabled,
        ["audience"] = audience,
        ["urls"] = new JsonArray([.. urls.Select(u => (JsonNode)JsonValue.Create(u))]),
        ["parts"] = new JsonArray(),
    };
}
