using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// What a write may leave in a people collection: a PATCH's merged item is held to a POST's rules, so nothing stored can
/// break a later request or the state's round trip (the probe's F1 and F2).
/// </summary>
public sealed class PeopleCollectionsIntegrityTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Theory]
    [InlineData("v1.0")]
    [InlineData("beta")]
    public async Task PatchingASourceIdToNullIsRefusedAndLaterWritesStillWork(string version)
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        var path = $"/{version}/admin/people/profileSources";
        var created = await GraphAssert.SuccessAsync(await client.PostAsync(path, EmulatorFactory.Json("""{"sourceId":"s051","displayName":"d"}""")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(path, EmulatorFactory.Json("""{"sourceId":"s053","displayName":"d"}"""))).StatusCode);
        var before = await client.GetStringAsync(path);

        var response = await client.PatchAsync($"{path}/{id}", EmulatorFactory.Json("""{"sourceId":null}"""));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "'sourceId' is required");
        await GraphAssert.ErrorAsync(
            await client.PatchAsync($"{path}(sourceId='s051')", EmulatorFactory.Json("""{"sourceId":null}""")), HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "'sourceId' is required");
        Assert.Equal(before, await client.GetStringAsync(path));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(path, EmulatorFactory.Json("""{"sourceId":"after-null","displayName":"d"}"""))).StatusCode);
        var patched = await GraphAssert.SuccessAsync(await client.PatchAsync($"{path}(sourceId='s053')", EmulatorFactory.Json("""{"displayName":"x"}""")), HttpStatusCode.OK);
        Assert.Equal("x", patched.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("v1.0", "profileSources", """{"sourceId":"hr1","displayName":"HR"}""", """{"displayName":null}""", "'displayName' is required")]
    [InlineData("beta", "profileSources", """{"sourceId":"hr1","displayName":"HR"}""", """{"displayName":null}""", "'displayName' is required")]
    [InlineData("beta", "profileSources", """{"sourceId":"hr1","displayName":"HR"}""", """{"sourceId":null,"displayName":null}""", "'sourceId' is required")]
    [InlineData("v1.0", "profileCardProperties", """{"directoryPropertyName":"Fax"}""", """{"directoryPropertyName":null}""", "directoryPropertyName")]
    public async Task APatchThatLeavesAnItemAPostWouldRefuseIsRefusedAndChangesNothing(string version, string name, string post, string patch, string fragment)
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        var path = $"/{version}/admin/people/{name}";
        var created = await GraphAssert.SuccessAsync(await client.PostAsync(path, EmulatorFactory.Json(post)), HttpStatusCode.Created);
        var key = name == "profileCardProperties" ? "Fax" : created.GetProperty("id").GetString()!;
        var before = await client.GetStringAsync(path);

        var response = await client.PatchAsync($"{path}/{key}", EmulatorFactory.Json(patch));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), fragment);
        Assert.Equal(before, await client.GetStringAsync(path));
        Assert.Equal(1, (await emulator.GetSettingTimelineAsync(Hybrid, name)).PendingTotal);
    }

    [Fact]
    public async Task TheStateReimportsAfterPatchesOfEveryProperty()
    {
        await using var emulator = new EmulatorFactory();
        var client = PeopleCollectionsTests.Admin(emulator);
        var control = emulator.CreateClient();
        const string People = "/beta/admin/people";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{People}/profileCardProperties", EmulatorFactory.Json("""{"directoryPropertyName":"Fax"}"""))).StatusCode);
        var setting = await GraphAssert.SuccessAsync(await client.PostAsync($"{People}/profilePropertySettings", EmulatorFactory.Json("""{"displayName":"Order"}""")), HttpStatusCode.Created);
        var source = await GraphAssert.SuccessAsync(await client.PostAsync($"{People}/profileSources", EmulatorFactory.Json("""{"sourceId":"hr1","displayName":"HR"}""")), HttpStatusCode.Created);
        var patches = new (string Path, string Body)[]
        {
            ("profileCardProperties/Fax", """{"directoryPropertyName":"fax","annotations":[{"displayName":"Fax number","localizations":[{"languageTag":"fr","displayName":"Télécopie"}]}]}"""),
            ("profileCardProperties/Fax", """{"annotations":null}"""),
            ($"profilePropertySettings/{Id(setting)}", """{"displayName":null,"name":null,"prioritizedSourceUrls":null,"allowedAudiences":null,"isUserOverrideForAudienceEnabled":null}"""),
            ($"profilePropertySettings/{Id(setting)}", """{"displayName":"O","name":"n","prioritizedSourceUrls":["https://hr.contoso.test/"],"allowedAudiences":"organization","isUserOverrideForAudienceEnabled":true}"""),
            ("profileSources(sourceId='hr1')", """{"sourceId":null}"""),
            ("profileSources(sourceId='hr1')", """{"displayName":null}"""),
            ($"profileSources/{Id(source)}", """{"sourceId":"hr1","kind":null,"webUrl":null,"localizations":null}"""),
            ($"profileSources/{Id(source)}", """{"kind":"HR","webUrl":"https://hr.contoso.test/","localizations":[{"languageTag":"de","displayName":"Personal","webUrl":null}]}"""),
        };
        foreach (var (path, body) in patches)
        {
            var status = (await client.PatchAsync($"{People}/{path}", EmulatorFactory.Json(body))).StatusCode;
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path} {body}: {status}");
        }

        var exported = await control.GetStringAsync("/_emulator/state");
        Assert.Equal(HttpStatusCode.NoContent, (await control.PostAsync("/_emulator/reset", null)).StatusCode);
        var imported = await control.PutAsync("/_emulator/state", EmulatorFactory.Json(exported));

        Assert.Equal(HttpStatusCode.NoContent, imported.StatusCode);
        Assert.Equal(exported, await control.GetStringAsync("/_emulator/state"));
    }

    [Theory]
    [InlineData("v1.0", "profileSources", "(sourceId='hr1')", """{"displayName":"a","displayName@odata.type":"#String","localizations":[{"languageTag":"fr","displayName":"b","displayName@odata.type":"#String"}]}""")]
    [InlineData("beta", "profileCardProperties", "/Fax", """{"annotations@odata.type":"#Collection(microsoft.graph.profileCardAnnotation)","annotations":[{"displayName":"a","displayName@odata.type":"#String"}]}""")]
    [InlineData("beta", "profilePropertySettings", "", """{"displayName":"a","prioritizedSourceUrls@odata.type":"#Collection(String)"}""")]
    public async Task PropertyTypeAnnotationsAreAcceptedAndIgnored(string version, string name, string item, string patch)
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        var path = $"/{version}/admin/people/{name}";
        var post = name switch
        {
            "profileSources" => """{"sourceId":"hr1","displayName":"HR"}""",
            "profileCardProperties" => """{"directoryPropertyName":"Fax"}""",
            _ => """{"displayName":"x"}""",
        };
        var created = await GraphAssert.SuccessAsync(await client.PostAsync(path, EmulatorFactory.Json(post)), HttpStatusCode.Created);
        var target = item == "" ? $"{path}/{Id(created)}" : path + item;

        var patched = await GraphAssert.SuccessAsync(await client.PatchAsync(target, EmulatorFactory.Json(patch)), HttpStatusCode.OK);
        var unknown = await client.PatchAsync(target, EmulatorFactory.Json("""{"shoeSize@odata.type":"#String"}"""));

        Assert.DoesNotContain("@odata.type", patched.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(patched.GetRawText(), (await GraphAssert.SuccessAsync(await client.GetAsync(target), HttpStatusCode.OK)).GetRawText());
        await GraphAssert.ErrorAsync(unknown, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "shoeSize@odata.type");
    }

    private static string Id(JsonElement item) => item.GetProperty("id").GetString()!;
}
