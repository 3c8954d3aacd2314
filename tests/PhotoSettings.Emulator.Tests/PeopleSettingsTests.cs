using System.Net;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>pronouns, namePronunciation and itemInsights on every version Graph serves them, and GET /admin/people: declarations on the settings engine.</summary>
public sealed class PeopleSettingsTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private const string Group = "0f5e0000-0000-4000-8000-00000000000a";

    /// <summary>Each resource at each path, its default as Graph answers an unconfigured tenant, a change, and the delay it takes.</summary>
    public static TheoryData<string, string, string, string, int> Resources() => new()
    {
        { "/v1.0/admin/people/pronouns", """{"isEnabledInOrganization":false}""", """{"isEnabledInOrganization":true}""", """{"isEnabledInOrganization":true}""", 7 },
        { "/beta/admin/people/pronouns", """{"isEnabledInOrganization":false}""", """{"isEnabledInOrganization":true}""", """{"isEnabledInOrganization":true}""", 7 },
        { "/beta/admin/people/namePronunciation", """{"isEnabledInOrganization":false}""", """{"isEnabledInOrganization":true}""", """{"isEnabledInOrganization":true}""", 24 },
        { "/v1.0/admin/people/itemInsights", """{"isEnabledInOrganization":true,"disabledForGroup":null}""", $$"""{"disabledForGroup":"{{Group.ToUpperInvariant()}}"}""", $$"""{"isEnabledInOrganization":true,"disabledForGroup":"{{Group}}"}""", 24 },
        { "/beta/admin/people/itemInsights", """{"isEnabledInOrganization":true,"disabledForGroup":null}""", """{"isEnabledInOrganization":false}""", """{"isEnabledInOrganization":false,"disabledForGroup":null}""", 24 },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task AnUnconfiguredTenantAnswersTheDocumentedDefault(string path, string defaults, string patch, string patched, int hours)
    {
        _ = (patch, patched, hours);
        var emulator = await shared.FreshAsync();

        var body = await GraphAssert.SuccessAsync(await emulator.CreateClient().GetAsync(path), HttpStatusCode.OK);

        Assert.Equal(Context(path) + defaults[1..], body.GetRawText());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task APatchAnswersTheWholeObjectAtOnceAndTakesEffectAfterItsDelayOnTheTenantClock(string path, string defaults, string patch, string patched, int hours)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var setting = path[(path.LastIndexOf('/') + 1)..];

        var response = await client.PatchAsync(path, EmulatorFactory.Json(patch));

        Assert.Equal(Context(path) + patched[1..], (await GraphAssert.SuccessAsync(response, HttpStatusCode.OK)).GetRawText());
        Assert.Equal(Context(path) + patched[1..], (await GraphAssert.JsonAsync(await client.GetAsync(path))).GetRawText());
        var timeline = await emulator.GetSettingTimelineAsync(Hybrid, setting);
        Assert.Equal(patched, timeline.Configured.GetRawText());
        Assert.Equal(defaults, timeline.Effective.GetRawText());
        Assert.Equal(timeline.Now + TimeSpan.FromHours(hours), Assert.Single(timeline.Pending).EffectiveAt);

        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromHours(hours) - TimeSpan.FromSeconds(1));
        Assert.Equal(defaults, (await emulator.GetSettingTimelineAsync(Hybrid, setting)).Effective.GetRawText());
        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromSeconds(1));
        var after = await emulator.GetSettingTimelineAsync(Hybrid, setting);
        Assert.Equal(patched, after.Effective.GetRawText());
        Assert.Empty(after.Pending);
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "/v1.0/admin/people/pronouns", """{"isEnabled":true}""", "The property 'isEnabled' does not exist on type 'microsoft.graph.pronounsSettings'" },
        { "/beta/admin/people/pronouns", """{"isEnabledInOrganization":"yes"}""", "'isEnabledInOrganization' must be true or false, not 'yes'" },
        { "/beta/admin/people/pronouns", """{"isEnabledInOrganization":null}""", "'isEnabledInOrganization' must be true or false, not null" },
        { "/beta/admin/people/namePronunciation", """{"@odata.type":"#microsoft.graph.pronounsSettings","isEnabledInOrganization":true}""", "'@odata.type' must be '#microsoft.graph.namePronunciationSettings'" },
        { "/v1.0/admin/people/itemInsights", """{"disabledForGroup":42}""", "'disabledForGroup' must be a group's object id (a GUID string) or null, not a number" },
        { "/beta/admin/people/itemInsights", """{"disabledForGroup":"everyone"}""", "'disabledForGroup' 'everyone' is not an object id (a GUID)" },
        { "/beta/admin/people/itemInsights", """{"isEnabledInOrganization":false,"IsEnabledInOrganization":true}""", "'IsEnabledInOrganization' appears more than once" },
        { "/beta/admin/people/itemInsights", """{"isEnabledInOrganization":false,"isEnabledInOrganization":true}""", "The request body is not valid JSON: Duplicate" },
        { "/v1.0/admin/people/pronouns", """[true]""", "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABodyOfTheWrongShapeIsRefusedInGraphsWordsAndNothingChanges(string path, string body, string fragment)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var before = (await GraphAssert.JsonAsync(await client.GetAsync(path))).GetRawText();

        var response = await client.PatchAsync(path, EmulatorFactory.Json(body));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), fragment);
        Assert.Equal(before, (await GraphAssert.JsonAsync(await client.GetAsync(path))).GetRawText());
        Assert.Equal(0, (await emulator.GetSettingTimelineAsync(Hybrid, path[(path.LastIndexOf('/') + 1)..])).PendingTotal);
    }

    /// <summary>Who may do what, per the reference pages (docs/choices.md): the user, the permissions in the token, the verb, the answer.</summary>
    public static TheoryData<string, int, string, string, int> Callers() => new()
    {
        { "/v1.0/admin/people/pronouns", 0, "PeopleSettings.Read.All", "GET", 200 },
        { "/v1.0/admin/people/pronouns", 0, "PeopleSettings.Read.All", "PATCH", 403 },
        { "/v1.0/admin/people/pronouns", 0, "User.Read.All", "GET", 403 },
        { "/beta/admin/people/pronouns", 1, "PeopleSettings.ReadWrite.All", "PATCH", 200 },
        { "/beta/admin/people/pronouns", 2, "PeopleSettings.ReadWrite.All", "PATCH", 403 },
        { "/beta/admin/people/pronouns", 4, "PeopleSettings.Read.All", "GET", 403 },
        { "/beta/admin/people/namePronunciation", 1, "PeopleSettings.ReadWrite.All", "PATCH", 200 },
        { "/beta/admin/people/namePronunciation", 4, "PeopleSettings.ReadWrite.All", "PATCH", 403 },
        { "/v1.0/admin/people/itemInsights", 4, "User.Read", "GET", 200 },
        { "/v1.0/admin/people/itemInsights", 1, "PeopleSettings.ReadWrite.All", "PATCH", 403 },
        { "/v1.0/admin/people/itemInsights", 3, "PeopleSettings.ReadWrite.All", "PATCH", 200 },
        { "/beta/admin/people/itemInsights", 0, "PeopleSettings.Read.All", "PATCH", 403 },
        { "/v1.0/admin/people", 0, "PeopleSettings.Read.All", "GET", 200 },
        { "/beta/admin/people", 4, "PeopleSettings.Read.All", "GET", 403 },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EachVerbAsksForTheDocumentedPermissionAndRole(string path, int user, string permission, string method, int status)
    {
        var emulator = await shared.FreshAsync();
        var token = user == 0
            ? emulator.AppToken(Hybrid, [permission])
            : emulator.UserToken(Hybrid, DefaultTenants.UserId(Hybrid, user), [permission]);
        var before = (await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync(path))).GetRawText();

        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PATCH" ? EmulatorFactory.Json("""{"isEnabledInOrganization":false}""") : null,
        };
        var response = await emulator.ClientWith(token).SendAsync(request);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        if (status == 403)
        {
            await GraphAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "Authorization_RequestDenied", emulator.Time.GetUtcNow());
            Assert.Equal(before, (await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync(path))).GetRawText());
        }
    }

    [Theory]
    [InlineData("/v1.0/admin/people/pronouns")]
    [InlineData("/beta/admin/people/itemInsights")]
    [InlineData("/beta/admin/people")]
    public async Task NoTokenIsRefusedWith401(string path)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.ClientWith(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", (await GraphAssert.JsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("v1.0")]
    [InlineData("beta")]
    public async Task GetAdminPeopleAnswersTheContainerOnBothVersions(string version)
    {
        var emulator = await shared.FreshAsync();

        var body = await GraphAssert.SuccessAsync(await emulator.CreateClient().GetAsync($"/{version}/admin/people"), HttpStatusCode.OK);

        Assert.Equal($$"""{"@odata.context":"http://localhost/{{version}}/$metadata#admin/people/$entity","id":"{{Hybrid}}"}""", body.GetRawText());
    }

    [Fact]
    public async Task SelectKeepsTheNamedPropertiesAndSaysSoInTheContext()
    {
        var emulator = await shared.FreshAsync();

        var body = await GraphAssert.SuccessAsync(await emulator.CreateClient().GetAsync("/v1.0/admin/people/itemInsights?$select=disabledForGroup"), HttpStatusCode.OK);

        Assert.Equal("""{"@odata.context":"http://localhost/v1.0/$metadata#admin/people/itemInsights(disabledForGroup)/$entity","disabledForGroup":null}""", body.GetRawText());
    }

    [Fact]
    public async Task NamePronunciationIsServedOnBetaOnly()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync("/v1.0/admin/people/namePronunciation");

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "namePronunciation");
    }

    [Fact]
    public async Task TheGraphDocumentDescribesEachSingletonUnderGraphsTypeName()
    {
        var emulator = await shared.FreshAsync();

        var document = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths");
        foreach (var (path, type) in new[] { ("/v1.0/admin/people/pronouns", "microsoft.graph.pronounsSettings"), ("/beta/admin/people/namePronunciation", "microsoft.graph.namePronunciationSettings"), ("/v1.0/admin/people/itemInsights", "microsoft.graph.insightsSettings") })
        {
            Assert.Equal(["get", "patch"], paths.GetProperty(path).EnumerateObject().Select(p => p.Name).Where(n => n is "get" or "patch" or "post" or "delete"));
            Assert.Equal($"#/components/schemas/{type}", paths.GetProperty(path).GetProperty("patch").GetProperty("requestBody").GetProperty("content")
                .GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        var insights = document.GetProperty("components").GetProperty("schemas").GetProperty("microsoft.graph.insightsSettings").GetProperty("properties");
        Assert.Equal(["isEnabledInOrganization", "disabledForGroup"], insights.EnumerateObject().Select(p => p.Name));
        Assert.True(paths.TryGetProperty("/beta/admin/people", out _));
    }

    private static string Context(string path)
    {
        var version = path.Split('/')[1];
        return $$"""{"@odata.context":"http://localhost/{{version}}/$metadata#{{path[(version.Length + 2)..]}}/$entity",""";
    }
}
