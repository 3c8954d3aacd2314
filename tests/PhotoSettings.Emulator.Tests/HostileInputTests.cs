using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Each class of hostile input the outside corpus found answering 500 (or hanging, or changing state):
/// now a 4xx in its path's dialect, with the state unchanged.
/// </summary>
public sealed class HostileInputTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Theory]
    [InlineData("""{"source":"\ud800"}""")]
    [InlineData("""{"allowedRoles":["\udfff"]}""")]
    [InlineData("""{"\ud800source":"cloud"}""")]
    [InlineData("""{"source":"cloud","@odata.type":"#x\ud83d"}""")]
    public async Task ALoneSurrogateAnywhereInASettingsBodyIsRefusedAndNothingChanges(string body)
    {
        var emulator = await shared.FreshAsync();
        var before = await emulator.CreateClient().GetStringAsync("/_emulator/state");

        var response = await emulator.PatchAsync(body);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "lone UTF-16 surrogate");
        Assert.Equal(before, await emulator.CreateClient().GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task ASurrogatePairIsTextNotAnAttack()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.PatchAsync("""{"source":"\ud83d\ude00"}""");

        // Well-formed text reaches the validator, which words its own refusal.
        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "is not a valid value for 'source'");
    }

    [Fact]
    public async Task ALoneSurrogateInAControlBodyIsRefusedInProblemDetails()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"PT1H\udc00"}"""));

        var problem = await GraphAssert.ProblemAsync(response, 400);
        Assert.Contains("lone UTF-16 surrogate", problem.GetProperty("detail").GetString());
        Assert.Equal("PT0S", (await JsonAsync(emulator, "/_emulator/clock")).GetProperty("offset").GetString());
    }

    [Fact]
    public async Task ALooseTokenWithALoneSurrogateInItsRolesIsRefusedWith401()
    {
        var emulator = await shared.FreshAsync();
        var now = emulator.Time.GetUtcNow();
        var token = Tokens.Raw($$"""{"tid":"{{Hybrid}}","exp":{{now.AddHours(1).ToUnixTimeSeconds()}},"scp":"PeopleSettings.ReadWrite.All","wids":["\ud800"]}""");

        var response = await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", now, "lone UTF-16 surrogate");
    }

    [Theory]
    [InlineData("scp", "null")]
    [InlineData("scp", "[\"PeopleSettings.Read.All\"]")]
    [InlineData("wids", "[1]")]
    [InlineData("roles", "{}")]
    [InlineData("oid", "253402300800")]
    public async Task ALooseTokenWhoseClaimHasTheWrongKindIsMalformedNotA500(string claim, string value)
    {
        var emulator = await shared.FreshAsync();
        var now = emulator.Time.GetUtcNow();
        var claims = $$"""{"tid":"{{Hybrid}}","exp":{{now.AddHours(1).ToUnixTimeSeconds()}},"roles":["PeopleSettings.Read.All"]}""";
        var payload = System.Text.Json.Nodes.JsonNode.Parse(claims)!.AsObject();
        payload[claim] = System.Text.Json.Nodes.JsonNode.Parse(value);
        var token = Tokens.Raw(payload.ToJsonString());

        var response = await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", now, $"the '{claim}' claim");
    }

    [Fact]
    public async Task ALooseTokenThatExpiresAfterTheYear9999IsReadAsUnexpired()
    {
        var emulator = await shared.FreshAsync();
        var token = Tokens.Raw($$"""{"tid":"{{Hybrid}}","exp":999999999999,"roles":["PeopleSettings.Read.All"]}""");

        var response = await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath);

        Assert.Equal(JsonValueKind.Null, (await GraphAssert.SuccessAsync(response, HttpStatusCode.OK)).GetProperty("source").ValueKind);
    }

    [Fact]
    public async Task ALooseTokenThatIsNotYetValidUntilTheYear9999IsRefused()
    {
        var emulator = await shared.FreshAsync();
        var token = Tokens.Raw($$"""{"tid":"{{Hybrid}}","exp":999999999999,"nbf":999999999998,"roles":["PeopleSettings.Read.All"]}""");

        var response = await emulator.ClientWith(token).GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", emulator.Time.GetUtcNow(), "expired or is not yet valid");
    }

    [Theory]
    [InlineData("a\u0001b")]
    [InlineData("h\u00e9llo")]
    [InlineData("\u65e5\u672c")]
    public async Task AClientRequestIdThatCannotBeEchoedIsRefusedInThePathsDialect(string clientRequestId)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();

        using var graph = new HttpRequestMessage(HttpMethod.Get, EmulatorFactory.SettingsPath);
        graph.Headers.TryAddWithoutValidation("client-request-id", clientRequestId);
        var graphResponse = await client.SendAsync(graph);
        await GraphAssert.ErrorAsync(graphResponse, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "client-request-id");

        using var health = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        health.Headers.TryAddWithoutValidation("client-request-id", clientRequestId);
        var problem = await GraphAssert.ProblemAsync(await client.SendAsync(health), 400);
        Assert.Contains("client-request-id", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AQuotedCharsetIsAsGoodAsABareOne()
    {
        var emulator = await shared.FreshAsync();

        using var content = new StringContent("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=\"utf-8\"");
        var quoted = await emulator.CreateClient().PatchAsync(EmulatorFactory.SettingsPath, content);

        Assert.Equal("fe930be7-5e62-47db-91af-98c3a49a38b1",
            (await GraphAssert.SuccessAsync(quoted, HttpStatusCode.OK)).GetProperty("allowedRoles")[0].GetString());
    }

    [Fact]
    public async Task TwoAuthorizationHeadersAreRefusedSayingSo()
    {
        var emulator = await shared.FreshAsync();
        var token = emulator.AppToken(Hybrid);
        using var request = new HttpRequestMessage(HttpMethod.Get, EmulatorFactory.SettingsPath);
        request.Headers.TryAddWithoutValidation("Authorization", new[] { "Bearer " + token, "Bearer " + token });

        var response = await emulator.ClientWith(null).SendAsync(request);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", emulator.Time.GetUtcNow(), "2 Authorization headers");
    }

    [Fact]
    public async Task TheHealthProbeAnswersReadsOnly()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var delete = await client.DeleteAsync("/healthz");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", delete.Content.Headers.Allow));
    }

    [Fact]
    public async Task ARefusedLooseTokenForAnUnknownTenantProvisionsNothing()
    {
        var emulator = await shared.FreshAsync();
        var stranger = Guid.NewGuid();
        var now = emulator.Time.GetUtcNow();
        var noPermissions = Tokens.Unsigned(Tokens.Claims(now, stranger));

        var refused = await emulator.ClientWith(noPermissions).GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "Authorization_RequestDenied", now);
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.CreateClient().GetAsync($"/_emulator/tenants/{stranger}")).StatusCode);
        Assert.DoesNotContain(stranger.ToString(), await emulator.CreateClient().GetStringAsync("/_emulator/state"));

        // The documented provisioning still happens for a request that passes its permission check.
        var allowed = Tokens.Unsigned(Tokens.Claims(now, stranger, ("roles", new[] { "PeopleSettings.Read.All" })));
        Assert.Equal(HttpStatusCode.OK, (await emulator.ClientWith(allowed).GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.CreateClient().GetAsync($"/_emulator/tenants/{stranger}")).StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task EveryMethodButPostOnTheTokenEndpointAnswersInOAuthsDialect(string method)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/{Hybrid}/oauth2/v2.0/token"));

        var error = await OAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(900561, error.GetProperty("error_codes")[0].GetInt32());
        Assert.Contains($"Received a {method} request", error.GetProperty("error_description").GetString());
    }

    public static TheoryData<string, string, string> UnreadableForms() => new()
    {
        { "multipart without a boundary", "multipart/form-data", "grant_type=client_credentials" },
        { "over 1,024 fields", "application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=v")) },
        { "a key over 2,048 characters", "application/x-www-form-urlencoded", new string('k', 3000) + "=v" },
        { "a value over 4 MB", "application/x-www-form-urlencoded", "grant_type=" + new string('v', 4 * 1024 * 1024 + 10) },
    };

    [Theory]
    [MemberData(nameof(UnreadableForms))]
    public async Task AFormTheReaderRefusesIsAnOAuthInvalidRequest(string what, string mediaType, string body)
    {
        var emulator = await shared.FreshAsync();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);

        var response = await emulator.CreateClient().PostAsync($"/{Hybrid}/oauth2/v2.0/token", content);

        var error = await OAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.True(error.GetProperty("error_description").GetString()!.Contains("could not be read as a form", StringComparison.Ordinal), what);
    }

    [Fact]
    public async Task AnAdvancePastTheClockBoundIsRefusedAndEveryClockStillReads()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"P3650D"}"""))).StatusCode);
        }

        var refused = await client.PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"P3650D"}"""));
        var tenantRefused = await client.PostAsync($"/_emulator/tenants/{Hybrid}/clock/advance", EmulatorFactory.Json("""{"by":"P3650D"}"""));
        for (var i = 0; i < 10; i++)
        {
            await client.PostAsync($"/_emulator/tenants/{Hybrid}/clock/advance", EmulatorFactory.Json("""{"by":"P3650D"}"""));
        }

        var tenantAtBound = await client.PostAsync($"/_emulator/tenants/{Hybrid}/clock/advance", EmulatorFactory.Json("""{"by":"P3650D"}"""));

        Assert.Contains("P36525D", (await GraphAssert.ProblemAsync(refused, 400)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, tenantRefused.StatusCode);
        Assert.Contains("P36525D", (await GraphAssert.ProblemAsync(tenantAtBound, 400)).GetProperty("detail").GetString());
        Assert.Equal("P36500D", (await JsonAsync(emulator, "/_emulator/clock")).GetProperty("offset").GetString());
        Assert.Equal("P36500D", (await JsonAsync(emulator, $"/_emulator/tenants/{Hybrid}/clock")).GetProperty("offset").GetString());

        // At both bounds (200 years ahead) every path that computes a time still answers.
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync("""{"source":"onPremises"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings")).StatusCode);
        var photo = await client.PutAsync($"/beta/users/{DefaultTenants.UserId(Hybrid, 3)}/photo/$value", Photos.Body(Photos.Png64x40, "image/png"));
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        var state = await client.GetStringAsync("/_emulator/state");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/_emulator/state", EmulatorFactory.Json(state))).StatusCode);
    }

    [Theory]
    [InlineData("P9000Y")]
    [InlineData("P36526D")]
    [InlineData("00:00:99")]
    [InlineData("10675199.02:48:05.4775807")]
    [InlineData("-PT1H")]
    public async Task AStateDocumentWithAClockOffsetOutOfRangeIsRefusedListingItAndNothingChanges(string offset)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        var before = await client.GetStringAsync("/_emulator/state");
        var global = before.Replace("\"clockOffset\":\"PT0S\"", $"\"clockOffset\":\"{offset}\"", StringComparison.Ordinal);
        var tenant = SetTenantHistory(before, "clockOffset", JsonValue(offset));

        var globalAnswer = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(global));
        var tenantAnswer = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(tenant));

        Assert.Contains("clockOffset", (await GraphAssert.ProblemAsync(globalAnswer, 400)).GetRawText());
        Assert.Contains("clockOffset", (await GraphAssert.ProblemAsync(tenantAnswer, 400)).GetRawText());
        Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task AnOffsetWrittenAsHoursMinutesSecondsImportsAsHoursEverywhere()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        var before = await client.GetStringAsync("/_emulator/state");

        // The validator and the importer read durations with the same parser: "24:00:00" is a day.
        var put = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(SetTenantHistory(before, "clockOffset", "\"24:00:00\"")));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("P1D", (await JsonAsync(emulator, $"/_emulator/tenants/{Hybrid}/clock")).GetProperty("offset").GetString());
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(ClockBounds.MaxChangeCount + 1)]
    [InlineData(-1L)]
    public async Task AChangeCountThatCouldWrapIsRefused(long changeCount)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        var before = await client.GetStringAsync("/_emulator/state");

        var answer = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(SetTenantHistory(before, "changeCount", changeCount.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Contains("changeCount", (await GraphAssert.ProblemAsync(answer, 400)).GetRawText());
        Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task AChangeCountAtItsCeilingStillTakesAWriteAndTheExportImportsBack()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        var atCeiling = SetTenantHistory(await client.GetStringAsync("/_emulator/state"), "changeCount", ClockBounds.MaxChangeCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/_emulator/state", EmulatorFactory.Json(atCeiling))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync("""{"allowedRoles":[]}""")).StatusCode);
        var after = await client.GetStringAsync("/_emulator/state");

        Assert.Contains($"\"changeCount\":{ClockBounds.MaxChangeCount}", after);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/_emulator/state", EmulatorFactory.Json(after))).StatusCode);
        Assert.Equal(after, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task AFaultPathPatternThatWouldBacktrackAnswersAtOnce()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        var rule = await client.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"path":"/beta/*a*a*a*a*a*a*a*a*b","status":503}"""));
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        var response = await client.GetAsync("/beta/users/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/photo");

        // The pattern does not match (no 'b' at the end), so the request is answered as usual.
        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Request_ResourceNotFound", emulator.Time.GetUtcNow());
        await client.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"path":"/beta/users/*a*a*a*a*a*a*a*a*b/photo","status":503}"""));
        var matching = await client.GetAsync("/beta/users/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab/photo");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, matching.StatusCode);
    }

    [Theory]
    [InlineData("/beta/*", "/beta/admin/people/photoUpdateSettings", true)]
    [InlineData("/BETA/admin/*/photoupdatesettings", "/beta/admin/people/photoUpdateSettings", true)]
    [InlineData("/beta/admin/people/photoUpdateSettings", "/beta/admin/people/photoUpdateSettings/", true)]
    [InlineData("/beta/*a*a*a*a*a*a*a*a*b", "/beta/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("/beta/*a*a*a*a*a*a*a*a*b", "/beta/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", true)]
    [InlineData("/v1.0/users/*/photo", "/v1.0/users/x/photo/$value", false)]
    [InlineData("*", "", true)]
    [InlineData("/beta/**", "/beta", false)]
    [InlineData("/beta/**", "/beta/", true)]
    public void AGlobMatchesTheWholePathWithStarsForAnyRun(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new Glob(pattern).IsMatch(path));

    [Fact]
    public void AGlobWithManyStarsAgainstALongPathTakesAtMostPatternTimesPathSteps()
    {
        // Exponential backtracking would not finish this in the age of the universe; the matcher is quadratic at worst.
        var pattern = "/beta/" + string.Concat(Enumerable.Repeat("*a", 200)) + "*b";
        var path = "/beta/" + new string('a', 2000);

        Assert.False(new Glob(pattern).IsMatch(path));
    }

    private static string JsonValue(string text) => JsonSerializer.Serialize(text);

    /// <summary>The state document with one property of the hybrid tenant's photoUpdateSettings history set to raw JSON.</summary>
    private static string SetTenantHistory(string state, string property, string rawJson)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(state)!;
        var tenant = root["tenants"]!.AsArray().First(t => t!["id"]!.GetValue<string>() == Hybrid.ToString())!;
        tenant["photoUpdateSettings"]![property] = System.Text.Json.Nodes.JsonNode.Parse(rawJson);
        return root.ToJsonString();
    }

    private static async Task<JsonElement> JsonAsync(EmulatorFactory emulator, string path) =>
        JsonDocument.Parse(await emulator.CreateClient().GetStringAsync(path)).RootElement.Clone();

    private static async Task<JsonElement> OAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(error, json.GetProperty("error").GetString());
        return json;
    }
}
