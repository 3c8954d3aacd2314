using System.Net;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The people collections' lists take <c>$select</c>, <c>$filter</c> and <c>$orderby</c>, as Graph's list pages say: each
/// operator, combinations, ordering both ways and by two properties, and each refusal in Graph's words on both versions.
/// </summary>
public sealed class PeopleCollectionsQueryTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly string[] Sources =
    [
        """{"sourceId":"workday","displayName":"Workday","kind":"HR","webUrl":"https://wd.contoso.test/"}""",
        """{"sourceId":"sap","displayName":"SAP SuccessFactors","kind":"HR","webUrl":"https://sf.contoso.test/"}""",
        """{"sourceId":"obrien","displayName":"O'Brien Directory","kind":"Directory"}""",
    ];

    private static readonly string[] Settings =
    [
        """{"name":"skills","prioritizedSourceUrls":["https://wd.contoso.test/","https://hr.contoso.test/"],"allowedAudiences":"organization","isUserOverrideForAudienceEnabled":true}""",
        """{"name":"phone","prioritizedSourceUrls":["https://hr.contoso.test/"],"allowedAudiences":"me","isUserOverrideForAudienceEnabled":false}""",
        """{"prioritizedSourceUrls":[]}""",
    ];

    private static readonly string[] Cards = ["""{"directoryPropertyName":"Fax"}""", """{"directoryPropertyName":"Alias"}""", """{"directoryPropertyName":"CustomAttribute1"}"""];

    /// <summary>The collection, the version, the query, and the items it lists by their key (a setting by its name, "-" for none), in order.</summary>
    public static TheoryData<string, string, string, string> Lists()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var version in new[] { "v1.0", "beta" })
        {
            data.Add("profileSources", version, "$filter=sourceId eq 'WORKDAY'", "workday");
            data.Add("profileSources", version, "$filter=sourceId ne 'workday'", "sap,obrien");
            data.Add("profileSources", version, "$filter=displayName eq 'O''Brien Directory'", "obrien");
            data.Add("profileSources", version, "$filter=webUrl eq null", "obrien");
            data.Add("profileSources", version, "$filter=null ne webUrl", "workday,sap");
            data.Add("profileSources", version, "$filter=startswith(displayName,'sap')", "sap");
            data.Add("profileSources", version, "$filter=kind eq 'HR' and not startswith(sourceId,'w')", "sap");
            data.Add("profileSources", version, "$filter=(sourceId eq 'sap' or sourceId eq 'obrien') and kind eq 'Directory'", "obrien");
            data.Add("profileSources", version, "$filter=sourceId eq 'sap' or kind eq 'Directory' and sourceId eq 'nobody'", "sap");
            data.Add("profileSources", version, "$orderby=displayName", "obrien,sap,workday");
            data.Add("profileSources", version, "$orderby=displayName desc", "workday,sap,obrien");
            data.Add("profileSources", version, "$orderby=kind desc,sourceId", "sap,workday,obrien");
            data.Add("profileSources", version, "$orderby=kind asc,sourceId desc", "obrien,workday,sap");
            data.Add("profileSources", version, "$orderBy=webUrl", "obrien,sap,workday");
            data.Add("profileSources", version, "$FILTER=kind eq 'hr'&orderby=sourceId", "sap,workday");
            data.Add("profileSettings", version, "$filter=prioritizedSourceUrls/any(u:u eq 'https://HR.contoso.test/')", "skills,phone");
            data.Add("profileSettings", version, "$filter=prioritizedSourceUrls/any(u: startswith(u,'https://wd'))", "skills");
            data.Add("profileSettings", version, "$filter=not prioritizedSourceUrls/any()", "-");
            data.Add("profileSettings", version, "$filter=name eq null or name eq 'phone'&$orderby=name desc", "phone,-");
            data.Add("profileCards", version, "$filter=directoryPropertyName eq 'fax'", "Fax");
            data.Add("profileCards", version, "$orderby=directoryPropertyName desc", "Fax,CustomAttribute1,Alias");
        }

        data.Add("profileSettings", "beta", "$filter=allowedAudiences eq 'Organization'", "skills");
        data.Add("profileSettings", "beta", "$filter=isUserOverrideForAudienceEnabled eq false", "phone");
        data.Add("profileSettings", "beta", "$filter=isUserOverrideForAudienceEnabled", "skills");
        data.Add("profileSettings", "beta", "$orderby=isUserOverrideForAudienceEnabled desc", "skills,phone,-");
        return data;
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task TheListAnswersTheItemsTheQueryNamesInItsOrder(string seed, string version, string query, string expected)
    {
        var (emulator, path) = await SeedAsync(seed, version);

        var body = await GraphAssert.SuccessAsync(await PeopleCollectionsTests.Admin(emulator).GetAsync($"{path}?{Encode(query)}"), HttpStatusCode.OK);

        var keys = body.GetProperty("value").EnumerateArray().Select(i => seed switch
        {
            "profileSources" => i.GetProperty("sourceId").GetString(),
            "profileCards" => i.GetProperty("directoryPropertyName").GetString(),
            _ => i.GetProperty("name").GetString() ?? "-",
        });
        Assert.Equal(expected, string.Join(',', keys));
    }

    [Theory]
    [InlineData("v1.0")]
    [InlineData("beta")]
    public async Task FilterAndSelectTogetherAnswerTheSelectedPropertiesOfTheMatchingItems(string version)
    {
        var (emulator, path) = await SeedAsync("profileSources", version);

        var body = await GraphAssert.SuccessAsync(await PeopleCollectionsTests.Admin(emulator).GetAsync($"{path}?{Encode("$filter=kind eq 'HR'&$select=sourceId,webUrl&$orderby=sourceId")}"), HttpStatusCode.OK);

        Assert.Equal($$"""{"@odata.context":"http://localhost/{{version}}/$metadata#admin/people/profileSources(sourceId,webUrl)","value":[{"sourceId":"sap","webUrl":"https://sf.contoso.test/"},{"sourceId":"workday","webUrl":"https://wd.contoso.test/"}]}""",
            body.GetRawText());
    }

    /// <summary>The query on profileSources, and a fragment of the 400's message.</summary>
    public static TheoryData<string, string, string> Refusals()
    {
        var data = new TheoryData<string, string, string>();
        (string Query, string Fragment)[] cases =
        [
            ("$filter=colour eq 'red'", "Could not find a property named 'colour' on type 'microsoft.graph.profileSource'."),
            ("$filter=sourceId gt 'a'", "Invalid filter clause: the operator 'gt' is not supported on 'microsoft.graph.profileSource'"),
            ("$filter=contains(sourceId,'a')", "Invalid filter clause: An unknown function with name 'contains' was found"),
            ("$filter=sourceId eq 'abc", "Invalid filter clause: There is an unterminated string literal at position 12 in 'sourceId eq 'abc'."),
            ("$filter=sourceId eq", "Invalid filter clause: Syntax error at position 11 in 'sourceId eq'."),
            ("$filter=(sourceId eq 'a'", "Invalid filter clause: Syntax error at position 16"),
            ("$filter=sourceId eq 'a' sourceId", "Invalid filter clause: Syntax error at position 16"),
            ("$filter=sourceId eq true", "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Boolean' for operator kind 'Equal'."),
            ("$filter=displayName ne 7", "Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'NotEqual'."),
            ("$filter=localizations/any(l:l eq 'x')", "any applies to a collection of strings; 'localizations' is Collection(microsoft.graph.profileSourceLocalization)"),
            ("$filter=localizations eq null", "'localizations' is Collection(microsoft.graph.profileSourceLocalization)"),
            ("$filter=" + new string(' ', 1990) + "sourceId eq 'a'", "Invalid filter clause: the expression has 2005 characters; at most 2000 are allowed."),
            ("$filter=" + new string('(', 40) + "sourceId eq 'a'" + new string(')', 40), "Invalid filter clause: The recursion limit has been exceeded: the expression nests deeper than 32 levels"),
            ("$filter=" + new string('(', 32) + "sourceId eq 'a'" + new string(')', 32), "the expression nests deeper than 32 levels (the whole expression is one)."),
            ("$filter=" + string.Join(" or ", Enumerable.Repeat("sourceId eq 'a'", 101)), "Invalid filter clause: the expression has more than 100 terms."),
            ("$filter=", "The query option '$filter' has no value."),
            ("$filter=sourceId eq 'a'&$FILTER=sourceId eq 'b'", "The query option '$filter' was specified more than once."),
            ("$orderby=sourceId sideways", "each clause is a property, then asc or desc"),
            ("$orderby=localizations", "The $orderby expression must evaluate to a single value of primitive type"),
            ("$orderby=sourceId,SOURCEID desc", "Duplicate property named 'sourceId' is not supported in '$orderby'."),
            ("$orderby=shoeSize", "Could not find a property named 'shoeSize' on type 'microsoft.graph.profileSource'."),
            ("$top=1", "The query option '$top' is not supported on 'microsoft.graph.profileSource'; only '$select', '$filter' and '$orderby' are."),
            ("$select=sourceId&$filter=shoeSize eq 'x'", "Could not find a property named 'shoeSize'"),
        ];
        foreach (var version in new[] { "v1.0", "beta" })
        {
            foreach (var (query, fragment) in cases)
            {
                data.Add(version, query, fragment);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task AQueryOutsideTheGrammarIsA400InGraphsWordsAndChangesNothing(string version, string query, string fragment)
    {
        var (emulator, path) = await SeedAsync("profileSources", version);
        var client = PeopleCollectionsTests.Admin(emulator);
        var before = (await GraphAssert.JsonAsync(await client.GetAsync(path))).GetRawText();

        var response = await client.GetAsync($"{path}?{Encode(query)}");

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), fragment);
        Assert.Equal(before, (await GraphAssert.JsonAsync(await client.GetAsync(path))).GetRawText());
    }

    [Theory]
    [InlineData("v1.0", "$filter=allowedAudiences eq 'me'", "Could not find a property named 'allowedAudiences' on type 'microsoft.graph.profilePropertySetting'.")]
    [InlineData("v1.0", "$orderby=isUserOverrideForAudienceEnabled", "Could not find a property named 'isUserOverrideForAudienceEnabled' on type 'microsoft.graph.profilePropertySetting'.")]
    [InlineData("beta", "$filter=allowedAudiences eq 'aliens'", "The string 'aliens' is not a valid enumerated type constant of 'microsoft.graph.organizationAllowedAudiences'.")]
    [InlineData("beta", "$filter=allowedAudiences eq true", "Found operand types 'microsoft.graph.organizationAllowedAudiences' and 'Edm.Boolean'")]
    [InlineData("beta", "$filter=prioritizedSourceUrls/all(u:u eq 'x')", "'all' is not supported on 'microsoft.graph.profilePropertySetting'; use any.")]
    [InlineData("beta", "$filter=prioritizedSourceUrls/any(u:prioritizedSourceUrls/any(v:v eq u))", "Syntax error")]
    public async Task AProfilePropertySettingsQueryIsJudgedAgainstTheVersionsType(string version, string query, string fragment)
    {
        var (emulator, path) = await SeedAsync("profileSettings", version);

        var response = await PeopleCollectionsTests.Admin(emulator).GetAsync($"{path}?{Encode(query)}");

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), fragment);
    }

    private async Task<(EmulatorFactory Emulator, string Path)> SeedAsync(string seed, string version)
    {
        var emulator = await shared.FreshAsync();
        var (name, bodies) = seed switch
        {
            "profileSources" => ("profileSources", Sources),
            "profileCards" => ("profileCardProperties", Cards),
            _ => ("profilePropertySettings", Settings),
        };
        var client = PeopleCollectionsTests.Admin(emulator);
        foreach (var body in bodies)
        {
            // Seeded on beta, so a setting keeps beta's properties whichever version lists it.
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/beta/admin/people/{name}", EmulatorFactory.Json(body))).StatusCode);
        }

        return (emulator, $"/{version}/admin/people/{name}");
    }

    /// <summary>Each option's value escaped as a client's URL builder would; the names and '&amp;' kept.</summary>
    private static string Encode(string query) =>
        string.Join('&', query.Split('&').Select(p => p.IndexOf('=', StringComparison.Ordinal) is var i and >= 0 ? p[..(i + 1)] + Uri.EscapeDataString(p[(i + 1)..]) : p));
}
