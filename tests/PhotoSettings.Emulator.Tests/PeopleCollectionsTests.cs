using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// profileCardProperties, profilePropertySettings and profileSources on both versions: the keyed-collection kind on the
/// settings engine, driven by one sample per collection (a POST, what it makes, a PATCH, what that makes).
/// </summary>
public sealed class PeopleCollectionsTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    /// <summary>One collection's sample: <c>{id}</c> in an expected body stands for the key the POST answered.</summary>
    public sealed record Sample(string Name, string Post, string Created, string Patch, string Patched, string Duplicate, string KeyChange, string KeyChangeFragment)
    {
        public override string ToString() => Name;
    }

    public static readonly Sample Cards = new(
        "profileCardProperties",
        """{"directoryPropertyName":"customattribute1","annotations":[{"displayName":"Cost center","localizations":[{"languageTag":"de-DE","displayName":"Kostenstelle"}]}]}""",
        """{"directoryPropertyName":"CustomAttribute1","annotations":[{"displayName":"Cost center","localizations":[{"languageTag":"de-DE","displayName":"Kostenstelle"}]}]}""",
        """{"annotations":[{"displayName":"Cost centre"}]}""",
        """{"directoryPropertyName":"CustomAttribute1","annotations":[{"displayName":"Cost centre","localizations":[]}]}""",
        """{"directoryPropertyName":"CUSTOMATTRIBUTE1"}""",
        """{"directoryPropertyName":"Fax"}""",
        "'directoryPropertyName' is the key of a profile card property and cannot change");

    public static readonly Sample Settings = new(
        "profilePropertySettings",
        """{"displayName":"Source order","prioritizedSourceUrls":["https://hr.contoso.test/people"]}""",
        """{"id":"{id}","displayName":"Source order","name":null,"prioritizedSourceUrls":["https://hr.contoso.test/people"],"allowedAudiences":null,"isUserOverrideForAudienceEnabled":null}""",
        """{"prioritizedSourceUrls":["https://wd.contoso.test/","https://hr.contoso.test/people"]}""",
        """{"id":"{id}","displayName":"Source order","name":null,"prioritizedSourceUrls":["https://wd.contoso.test/","https://hr.contoso.test/people"],"allowedAudiences":null,"isUserOverrideForAudienceEnabled":null}""",
        """{"prioritizedSourceUrls":[]}""",
        """{"id":"0b0b0000-0000-4000-8000-000000000001"}""",
        "'id' is read-only");

    public static readonly Sample Sources = new(
        "profileSources",
        """{"sourceId":"workday","displayName":"Workday","kind":"HR","webUrl":"https://wd.contoso.test/people"}""",
        """{"id":"{id}","sourceId":"workday","displayName":"Workday","kind":"HR","webUrl":"https://wd.contoso.test/people","localizations":[]}""",
        """{"displayName":"Workday HR","localizations":[{"languageTag":"fr","displayName":"Workday RH"}]}""",
        """{"id":"{id}","sourceId":"workday","displayName":"Workday HR","kind":"HR","webUrl":"https://wd.contoso.test/people","localizations":[{"languageTag":"fr","displayName":"Workday RH","webUrl":null}]}""",
        """{"sourceId":"WORKDAY","displayName":"Workday again"}""",
        """{"sourceId":"successfactors"}""",
        "'sourceId' is the alternate key of a profile source and cannot change");

    public static TheoryData<Sample, string> EachCollectionAndVersion() => new()
    {
        { Cards, "v1.0" }, { Cards, "beta" }, { Settings, "v1.0" }, { Settings, "beta" }, { Sources, "v1.0" }, { Sources, "beta" },
    };

    [Theory]
    [MemberData(nameof(EachCollectionAndVersion))]
    public async Task AnUnconfiguredTenantListsNone(Sample sample, string version)
    {
        var emulator = await shared.FreshAsync();

        var body = await GraphAssert.SuccessAsync(await Admin(emulator).GetAsync($"/{version}/admin/people/{sample.Name}"), HttpStatusCode.OK);

        Assert.Equal($$"""{"@odata.context":"http://localhost/{{version}}/$metadata#admin/people/{{sample.Name}}","value":[]}""", body.GetRawText());
    }

    [Theory]
    [MemberData(nameof(EachCollectionAndVersion))]
    public async Task EachMethodAnswersAsGraphDoesFromPostToDelete(Sample sample, string version)
    {
        var emulator = await shared.FreshAsync();
        var client = Admin(emulator);
        var path = $"/{version}/admin/people/{sample.Name}";

        var posted = await client.PostAsync(path, EmulatorFactory.Json(sample.Post));

        var created = await GraphAssert.SuccessAsync(posted, HttpStatusCode.Created);
        var key = sample == Cards ? "CustomAttribute1" : created.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(key, out _) || sample == Cards);
        Assert.Equal(Entity(version, sample.Name, sample.Created, key), created.GetRawText());
        Assert.Equal($"http://localhost{path}/{key}", posted.Headers.Location!.ToString());
        Assert.Equal($$"""{"@odata.context":"http://localhost/{{version}}/$metadata#admin/people/{{sample.Name}}","value":[{{AtVersion(version, sample.Name, sample.Created).Replace("{id}", key, StringComparison.Ordinal)}}]}""",
            (await GraphAssert.SuccessAsync(await client.GetAsync(path), HttpStatusCode.OK)).GetRawText());
        var lookups = new List<string> { $"{path}/{key}", $"{path}/{key.ToLowerInvariant()}", $"{path}('{key}')" };
        if (sample == Sources)
        {
            lookups.Add($"{path}(sourceId='workday')");
        }

        foreach (var lookup in lookups)
        {
            Assert.Equal(Entity(version, sample.Name, sample.Created, key), (await GraphAssert.SuccessAsync(await client.GetAsync(lookup), HttpStatusCode.OK)).GetRawText());
        }

        var patched = await GraphAssert.SuccessAsync(await client.PatchAsync(lookups[^1], EmulatorFactory.Json(sample.Patch)), HttpStatusCode.OK);
        Assert.Equal(Entity(version, sample.Name, sample.Patched, key), patched.GetRawText());
        Assert.Equal(Entity(version, sample.Name, sample.Patched, key), (await GraphAssert.SuccessAsync(await client.GetAsync($"{path}/{key}"), HttpStatusCode.OK)).GetRawText());

        var deleted = await client.DeleteAsync(lookups[^1]);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await GraphAssert.ErrorAsync(await client.GetAsync($"{path}/{key}"), HttpStatusCode.NotFound, "itemNotFound", emulator.Time.GetUtcNow(), key);
        Assert.Equal("[]", (await emulator.GetSettingTimelineAsync(Hybrid, sample.Name)).Configured.GetRawText());
    }

    [Theory]
    [MemberData(nameof(EachCollectionAndVersion))]
    public async Task AnItemIsConfiguredAtOnceAndEffectiveAfter24HoursOnTheTenantClock(Sample sample, string version)
    {
        var emulator = await shared.FreshAsync();
        var created = await GraphAssert.SuccessAsync(await Admin(emulator).PostAsync($"/{version}/admin/people/{sample.Name}", EmulatorFactory.Json(sample.Post)), HttpStatusCode.Created);
        var item = JsonSerializer.Serialize(created).Replace($$"""{"@odata.context":"http://localhost/{{version}}/$metadata#admin/people/{{sample.Name}}/$entity",""", "{", StringComparison.Ordinal);
        if (sample == Settings && version == "v1.0")
        {
            // The stored item keeps beta's properties; v1.0 only leaves them out of its answers.
            item = item[..^1] + ""","allowedAudiences":null,"isUserOverrideForAudienceEnabled":null}""";
        }

        var timeline = await emulator.GetSettingTimelineAsync(Hybrid, sample.Name);
        Assert.Equal($"[{item}]", timeline.Configured.GetRawText());
        Assert.Equal("[]", timeline.Effective.GetRawText());
        Assert.Equal(timeline.Now + TimeSpan.FromHours(24), Assert.Single(timeline.Pending).EffectiveAt);

        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal("[]", (await emulator.GetSettingTimelineAsync(Hybrid, sample.Name)).Effective.GetRawText());
        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromSeconds(1));
        var after = await emulator.GetSettingTimelineAsync(Hybrid, sample.Name);
        Assert.Equal($"[{item}]", after.Effective.GetRawText());
        Assert.Empty(after.Pending);
    }

    /// <summary>Each refusal: the collection, the verb, the path after the collection's (<c>{id}</c> is the sample item's key), the body, the answer.</summary>
    public static TheoryData<string, Sample, string, string, string?, int, string, string> Refusals()
    {
        var data = new TheoryData<string, Sample, string, string, string?, int, string, string>();
        foreach (var version in new[] { "v1.0", "beta" })
        {
            foreach (var (sample, method, suffix, body, status, code, fragment) in RefusalCases)
            {
                // v1.0's profilePropertySetting has no allowedAudiences at all.
                var said = version == "v1.0" && body?.Contains("allowedAudiences", StringComparison.Ordinal) == true
                    ? "The property 'allowedAudiences' does not exist on type 'microsoft.graph.profilePropertySetting'" : fragment;
                data.Add(version, sample, method, suffix, body, status, code, said);
            }
        }

        return data;
    }

    private static readonly (Sample, string, string, string?, int, string, string)[] RefusalCases =
    [
        (Cards, "GET", "/Fax", null, 404, "itemNotFound", "There is no profileCardProperty with directoryPropertyName 'Fax' in this tenant's profileCardProperties."),
        (Cards, "PATCH", "/CustomAttribute2", "{}", 404, "itemNotFound", "'CustomAttribute2'"),
        (Cards, "DELETE", "('Alias')", null, 404, "itemNotFound", "'Alias'"),
        (Cards, "POST", "", Cards.Duplicate, 409, "nameAlreadyExists", "A profile card property for 'CustomAttribute1' already exists"),
        (Cards, "POST", "", """{"directoryPropertyName":"ShoeSize"}""", 400, "BadRequest", "'ShoeSize' is not a directory property a profile card can show"),
        (Cards, "POST", "", """{"annotations":[]}""", 400, "BadRequest", "'directoryPropertyName' is required."),
        (Cards, "POST", "", """{"directoryPropertyName":"Fax","colour":"red"}""", 400, "BadRequest", "The property 'colour' does not exist on type 'microsoft.graph.profileCardProperty'"),
        (Cards, "POST", "", """{"directoryPropertyName":"Fax","annotations":[{"displayName":"F","localizations":[{"languageTag":"english","displayName":"F"}]}]}""", 400, "BadRequest", "is not a BCP 47 language tag"),
        (Cards, "POST", "", """["Fax"]""", 400, "BadRequest", "must be a JSON object"),
        (Cards, "PATCH", "/{id}", Cards.KeyChange, 400, "BadRequest", Cards.KeyChangeFragment),
        (Cards, "GET", "/{id}?$select=annotations", null, 400, "BadRequest", "The query option '$select' is not supported on 'microsoft.graph.profileCardProperty'"),
        (Cards, "GET", "?$top=1", null, 400, "BadRequest", "'$top' is not supported"),
        (Settings, "GET", "/0b0b0000-0000-4000-8000-000000000009", null, 404, "itemNotFound", "There is no profilePropertySetting with id '0b0b0000-0000-4000-8000-000000000009'"),
        (Settings, "DELETE", "/nope", null, 404, "itemNotFound", "'nope'"),
        (Settings, "POST", "", Settings.Duplicate, 409, "nameAlreadyExists", "Only one profile property setting without a name is allowed"),
        (Settings, "POST", "", """{"prioritizedSourceUrls":"https://x.test"}""", 400, "BadRequest", "'prioritizedSourceUrls' must be an array of URLs"),
        (Settings, "POST", "", """{"name":"skills","allowedAudiences":"aliens"}""", 400, "BadRequest", "'aliens' is not a valid value for 'allowedAudiences'"),
        (Settings, "POST", "", """{"id":"0b0b0000-0000-4000-8000-000000000001","name":"x"}""", 400, "BadRequest", "'id' is read-only"),
        (Settings, "PATCH", "/{id}", Settings.KeyChange, 400, "BadRequest", Settings.KeyChangeFragment),
        (Sources, "GET", "(sourceId='sap')", null, 404, "itemNotFound", "There is no profileSource with sourceId 'sap'"),
        (Sources, "PATCH", "(sourceId='O''Brien')", "{}", 404, "itemNotFound", "sourceId 'O'Brien'"),
        (Sources, "POST", "", Sources.Duplicate, 409, "nameAlreadyExists", "A profile source with sourceId 'WORKDAY' already exists"),
        (Sources, "POST", "", """{"displayName":"No id"}""", 400, "BadRequest", "'sourceId' is required."),
        (Sources, "POST", "", """{"sourceId":"ftp","displayName":"F","webUrl":"ftp://files.test/"}""", 400, "BadRequest", "'webUrl' must be an absolute http or https URL"),
        (Sources, "PATCH", "(sourceId='workday')", Sources.KeyChange, 400, "BadRequest", Sources.KeyChangeFragment),
        (Sources, "DELETE", "/{id}?$filter=x", null, 400, "BadRequest", "'$filter' is not supported"),
        (Cards, "PUT", "/{id}", "{}", 405, "notSupported", "The HTTP method 'PUT' is not allowed"),
        (Sources, "PUT", "(sourceId='workday')", "{}", 405, "notSupported", "Allowed: DELETE, GET, PATCH."),
        (Settings, "DELETE", "", null, 405, "notSupported", "Allowed: GET, POST"),
    ];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusalAnswersInGraphsWordsAndChangesNothing(string version, Sample sample, string method, string suffix, string? body, int status, string code, string fragment)
    {
        var emulator = await shared.FreshAsync();
        var client = Admin(emulator);
        var path = $"/{version}/admin/people/{sample.Name}";
        var created = await GraphAssert.SuccessAsync(await client.PostAsync(path, EmulatorFactory.Json(sample.Post)), HttpStatusCode.Created);
        var key = sample == Cards ? "CustomAttribute1" : created.GetProperty("id").GetString()!;
        var before = (await GraphAssert.JsonAsync(await client.GetAsync(path))).GetRawText();

        using var request = new HttpRequestMessage(new HttpMethod(method), path + suffix.Replace("{id}", key, StringComparison.Ordinal))
        {
            Content = body is null ? null : EmulatorFactory.Json(body),
        };
        var response = await client.SendAsync(request);

        await GraphAssert.ErrorAsync(response, (HttpStatusCode)status, code, emulator.Time.GetUtcNow(), fragment);
        Assert.Equal(before, (await GraphAssert.JsonAsync(await client.GetAsync(path))).GetRawText());
        Assert.Equal(1, (await emulator.GetSettingTimelineAsync(Hybrid, sample.Name)).PendingTotal);
    }

    [Theory]
    [InlineData("profileCardProperties")]
    [InlineData("profileSources")]
    public async Task ABodyOverTheLimitIs413AndChangesNothing(string name)
    {
        var emulator = await shared.FreshAsync();
        var path = $"/beta/admin/people/{name}";

        var response = await Admin(emulator).PostAsync(path, EmulatorFactory.Json($$"""{"displayName":"{{new string('x', 70 * 1024)}}"}"""));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", emulator.Time.GetUtcNow(), "64 KiB");
        Assert.Equal("[]", (await emulator.GetSettingTimelineAsync(Hybrid, name)).Configured.GetRawText());
    }

    [Fact]
    public async Task ATenantHoldsAtMostOneHundredProfileSources()
    {
        var emulator = await shared.FreshAsync();
        var client = Admin(emulator);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/v1.0/admin/people/profileSources", EmulatorFactory.Json($$"""{"sourceId":"s{{i}}","displayName":"S"}"""))).StatusCode);
        }

        var response = await client.PostAsync("/v1.0/admin/people/profileSources", EmulatorFactory.Json("""{"sourceId":"one-too-many","displayName":"S"}"""));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "This tenant already has 100 profileSources");
        Assert.Equal(100, (await GraphAssert.JsonAsync(await client.GetAsync("/v1.0/admin/people/profileSources"))).GetProperty("value").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(EachCollectionAndVersion))]
    public async Task CountAnswersTheNumberOfItemsAsPlainText(Sample sample, string version)
    {
        var emulator = await shared.FreshAsync();
        var client = Admin(emulator);
        var path = $"/{version}/admin/people/{sample.Name}";
        Assert.Equal("0", await client.GetStringAsync($"{path}/$count"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(path, EmulatorFactory.Json(sample.Post))).StatusCode);

        var response = await client.GetAsync($"{path}/$count");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("1", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A delegated client for Pat, the default hybrid tenant's People Administrator, with every permission (profile card properties take an application token for the list alone).</summary>
    internal static HttpClient Admin(EmulatorFactory emulator) =>
        emulator.ClientWith(emulator.UserToken(Hybrid, DefaultTenants.UserId(Hybrid, 1)));

    private static string Entity(string version, string name, string item, string key) =>
        $$"""{"@odata.context":"http://localhost/{{version}}/$metadata#admin/people/{{name}}/$entity",""" + AtVersion(version, name, item).Replace("{id}", key, StringComparison.Ordinal)[1..];

    /// <summary>A sample's expected item as a version answers it: v1.0's profilePropertySetting lacks beta's two audience properties.</summary>
    internal static string AtVersion(string version, string name, string item) =>
        version == "v1.0" && name == "profilePropertySettings"
            ? item.Replace(""","allowedAudiences":null,"isUserOverrideForAudienceEnabled":null""", "", StringComparison.Ordinal)
            : item;
}
