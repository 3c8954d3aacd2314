using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The shapes real clients send, and what they get back.</summary>
public sealed class PhotoUpdateSettingsTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private const string TenantId = "4b1d0000-0000-4000-8000-000000000002";

    [Fact]
    public async Task GetOnAnUnconfiguredTenantAnswersAnUnsetSourceAndNoRolesAsGraphDoes()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath);

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal(
            """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings/$entity","source":null,"allowedRoles":[]}""",
            body.GetRawText());
    }

    [Fact]
    public async Task GetOnATenantMadeThroughTheControlApiAnswersTheSameDefault()
    {
        var emulator = await shared.FreshAsync();
        var tenant = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await emulator.CreateClient().PutAsync($"/_emulator/tenants/{tenant}", EmulatorFactory.Json("""{"displayName":"Fresh"}"""))).StatusCode);

        var response = await emulator.ClientWith(emulator.AppToken(tenant)).GetAsync(EmulatorFactory.SettingsPath);

        Assert.Equal("null|[]", GraphAssert.Fingerprint(await GraphAssert.SuccessAsync(response, HttpStatusCode.OK)));
    }

    [Fact]
    public async Task AfterDeleteGetAnswersTheUnconfiguredDefaultAgain()
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync($$"""{"source":"onPremises"}""");

        Assert.Equal(HttpStatusCode.NoContent, (await emulator.CreateClient().DeleteAsync(EmulatorFactory.SettingsPath)).StatusCode);

        var body = await GraphAssert.SuccessAsync(await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath), HttpStatusCode.OK);
        Assert.Equal(
            """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings/$entity","source":null,"allowedRoles":[]}""",
            body.GetRawText());
    }

    [Theory]
    [InlineData("PATCH", HttpStatusCode.OK)]
    [InlineData("POST", HttpStatusCode.Created)]
    public async Task AnExplicitNullSourceUnsetsTheSourceAndKeepsTheRoles(string method, HttpStatusCode status)
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync($$"""{"source":"cloud","allowedRoles":["{{UserAdministrator}}"]}""");

        var response = await emulator.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), EmulatorFactory.SettingsPath)
        {
            Content = EmulatorFactory.Json($$"""{"source":null,"allowedRoles":["{{UserAdministrator}}"]}"""),
        });

        var body = await GraphAssert.SuccessAsync(response, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("source").ValueKind);
        Assert.Equal($"""null|["{UserAdministrator}"]""", await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task APatchWithoutSourceLeavesAnUnsetSourceUnset()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.PatchAsync($$"""{"allowedRoles":["{{UserAdministrator}}"]}""");

        Assert.Equal($"""null|["{UserAdministrator}"]""", GraphAssert.Fingerprint(await GraphAssert.SuccessAsync(response, HttpStatusCode.OK)));
        Assert.Equal($"""null|["{UserAdministrator}"]""", await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task LowerCasePathAndLowerCaseOnPremisesAreAcceptedAndAnsweredInCanonicalCasing()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.PatchAsync("""{"source":"onpremises"}""", "/beta/admin/people/photoupdatesettings");

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal("onPremises", body.GetProperty("source").GetString());
        Assert.Equal("onPremises|[]", await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task AllowedRolesNullMeansNoRestriction()
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync($$"""{"allowedRoles":["{{UserAdministrator}}"]}""");

        var response = await emulator.PatchAsync("""{"source":"cloud","allowedRoles":null}""");

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal("[]", body.GetProperty("allowedRoles").GetRawText());
        Assert.Equal("cloud|[]", await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task RoleIdsAreTrimmedLowerCasedAndDeduplicatedKeepingTheFirst()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.PatchAsync(
            $$"""{"allowedRoles":[" {{UserAdministrator}}","{{GlobalAdministrator.ToUpperInvariant()}}","{{{UserAdministrator}}}"]}""");

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal($"""["{UserAdministrator}","{GlobalAdministrator}"]""", body.GetProperty("allowedRoles").GetRawText());
        Assert.Equal($"""null|["{UserAdministrator}","{GlobalAdministrator}"]""", await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task ODataTypeInTheBodyIsAcceptedAsTheKiotaSdksSendIt()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.PatchAsync(
            $$"""{"@odata.type":"#microsoft.graph.photoUpdateSettings","source":"cloud","allowedRoles":["{{UserAdministrator}}"]}""");

        await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal($"""cloud|["{UserAdministrator}"]""", await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task AGetAnswerPatchedBackAsItIsIsAccepted()
    {
        var emulator = await shared.FreshAsync();
        var current = await emulator.GetSettingsAsync();

        var response = await emulator.PatchAsync(current.GetRawText());

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal(current.GetRawText(), body.GetRawText());
    }

    [Fact]
    public async Task PatchKeepsPropertiesTheBodyLeavesOut()
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync($$"""{"source":"cloud","allowedRoles":["{{UserAdministrator}}"]}""");

        var response = await emulator.PatchAsync("""{"source":"cloud"}""");

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal($"""["{UserAdministrator}"]""", body.GetProperty("allowedRoles").GetRawText());
    }

    [Fact]
    public async Task PostAnswers201AndGivesAbsentPropertiesTheirDefaults()
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync("""{"source":"onPremises"}""");

        var response = await emulator.PostAsync($$"""{"allowedRoles":["{{UserAdministrator}}"]}""");

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("source").ValueKind);
        Assert.Equal($"""null|["{UserAdministrator}"]""", await emulator.SettingsFingerprintAsync());
    }

    [Theory]
    [InlineData(EmulatorFactory.SettingsPath)]
    [InlineData(EmulatorFactory.SettingsPath + "/$ref")]
    [InlineData("/beta/admin/people/photoupdatesettings/$REF")]
    public async Task DeleteAnswers204AndTheTenantReturnsToTheDefault(string path)
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync($$"""{"allowedRoles":["{{UserAdministrator}}"]}""");

        var response = await emulator.CreateClient().DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        GraphAssert.Ids(response);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());
    }

    [Theory]
    [InlineData("$select=source", """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings(source)/$entity","source":null}""")]
    [InlineData("$select=allowedRoles", """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings(allowedRoles)/$entity","allowedRoles":[]}""")]
    [InlineData("$select=allowedRoles,id", """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings(allowedRoles,id)/$entity","allowedRoles":[]}""")]
    [InlineData("select=SOURCE", """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings(source)/$entity","source":null}""")]
    [InlineData("$select=*", """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings/$entity","source":null,"allowedRoles":[]}""")]
    [InlineData("unrelated=1", """{"@odata.context":"http://localhost/beta/$metadata#admin/people/photoUpdateSettings/$entity","source":null,"allowedRoles":[]}""")]
    public async Task SelectReturnsOnlyTheNamedProperties(string query, string expected)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath + "?" + query);

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal(expected, body.GetRawText());
    }

    [Fact]
    public async Task TheContextUrlNamesTheHostTheClientCalled()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:AllowedHosts:0", "emulator.test");
        var client = emulator.CreateClient();
        client.DefaultRequestHeaders.Host = "emulator.test:5080";

        var body = await client.GetFromJsonAsync<JsonElement>(EmulatorFactory.SettingsPath);

        Assert.Equal(
            "http://emulator.test:5080/beta/$metadata#admin/people/photoUpdateSettings/$entity",
            body.GetProperty("@odata.context").GetString());
    }

    [Fact]
    public async Task TheClientRequestIdIsEchoedAndTheRequestIdIsNewEachTime()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        using var first = new HttpRequestMessage(HttpMethod.Get, EmulatorFactory.SettingsPath);
        first.Headers.Add("client-request-id", "my-correlation-42");

        var one = await client.SendAsync(first);
        var two = await client.GetAsync(EmulatorFactory.SettingsPath);

        var oneId = GraphAssert.Ids(one, "my-correlation-42");
        var twoId = GraphAssert.Ids(two);
        Assert.NotEqual(oneId, twoId);
    }

    [Fact]
    public async Task TheIdMayBeRepeatedInABody()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.PatchAsync($$"""{"id":"{{TenantId}}","source":"cloud"}""");

        await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task AJsonContentTypeWithParametersIsAcceptedAndABodyWithNoneIsGraphs400LeavingTheSettings()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var withParameters = EmulatorFactory.Json("""{"source":"onPremises"}""", "application/json");
        withParameters.Headers.ContentType!.Parameters.Add(new("odata.metadata", "minimal"));
        var without = new ByteArrayContent("""{"source":"cloud"}"""u8.ToArray());

        var one = await client.PatchAsync(EmulatorFactory.SettingsPath, withParameters);
        Assert.Equal("onPremises", (await GraphAssert.SuccessAsync(one, HttpStatusCode.OK)).GetProperty("source").GetString());
        var before = await client.GetStringAsync("/_emulator/tenants/" + TenantId + "/photoUpdateSettings");
        var two = await client.PatchAsync(EmulatorFactory.SettingsPath, without);
        Assert.Equal(HttpStatusCode.BadRequest, two.StatusCode);
        var error = (await GraphAssert.JsonAsync(two)).GetProperty("error");
        Assert.Equal("BadRequest", error.GetProperty("code").GetString());
        Assert.Equal(PhotoSettings.Emulator.Graph.JsonBody.UndeclaredMessage, error.GetProperty("message").GetString());
        Assert.Equal(before, await client.GetStringAsync("/_emulator/tenants/" + TenantId + "/photoUpdateSettings"));
    }
}
