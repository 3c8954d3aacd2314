using System.Net;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using PhotoSettings.Emulator.Faults;
using PhotoSettings.Emulator.Tenants;
using PhotoSettings.Testing;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Fault rules and the request journal: scripted throttling and failures, and what the client really sent.</summary>
public sealed class FaultTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Trait("Category", "Process")]
    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task TheGraphSdksRetryHandlerSucceedsOnTheThirdAttemptAfterWaitingRetryAfter(int status)
    {
        // A real process on a real clock: the SDK's retry handler waits on real time, and the journal's
        // timestamps (taken by the emulator as each answer leaves) show how long it waited.
        await using var emulator = await EmulatorProcess.StartAsync(("Logging__LogLevel__Default", "Warning"));
        using var control = emulator.CreateClient();
        var rule = await control.PostAsync("/_emulator/faults", EmulatorFactory.Json(
            $$"""{"method":"GET","path":"/beta/admin/people/photoUpdateSettings","status":{{status}},"retryAfterSeconds":1,"count":2}"""));
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        var ruleId = (await GraphAssert.JsonAsync(rule)).GetProperty("id").GetString();
        var token = Tokens.Unsigned(Tokens.Claims(DateTimeOffset.UtcNow, Hybrid, ("roles", new[] { "PeopleSettings.Read.All" })));
        var graph = new GraphServiceClient(
            GraphClientFactory.Create(), new BaseBearerTokenAuthenticationProvider(new StaticToken(token)), new Uri(emulator.BaseAddress, "/v1.0").ToString());

        var settings = await GraphSdk.SendAsync(graph, Method.GET, new Uri(emulator.BaseAddress, "/beta/admin/people/photoUpdateSettings"));

        Assert.Equal(JsonValueKind.Null, settings.GetProperty("source").ValueKind);
        var journal = (await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/requests?path=photoUpdateSettings"))).EnumerateArray().ToArray();
        Assert.Equal([status, status, 200], journal.Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal([null, "1", "2"], journal.Select(e => e.TryGetProperty("retryAttempt", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null));
        Assert.Equal([ruleId, ruleId, null], journal.Select(e => e.TryGetProperty("fault", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null));
        // Each retry was sent at least Retry-After (1 s) after the answer that asked for it left the emulator.
        var times = journal.Select(e => e.GetProperty("time").GetDateTimeOffset()).ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1), $"the first retry came {times[1] - times[0]} after the fault");
        Assert.True(times[2] - times[1] >= TimeSpan.FromSeconds(1), $"the second retry came {times[2] - times[1]} after the fault");
        Assert.Empty((await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"))).EnumerateArray());
    }

    [Fact]
    public async Task AnInjected429IsGraphsEnvelopeWithRetryAfterAndTheSdkGivesUpAfterThreeRetries()
    {
        var emulator = await shared.FreshAsync();
        await emulator.CreateClient().PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"path":"/beta/*","status":429,"retryAfterSeconds":0}"""));

        var response = await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "TooManyRequests", emulator.Time.GetUtcNow(), "Retry-After");
        Assert.Equal("0", GraphAssert.Single(response, "Retry-After"));
        Assert.NotEmpty(GraphAssert.Single(response, "X-Emulator-Fault"));
        // With Retry-After 0 the SDK retries at once, three times, then gives up as it does against Graph.
        var error = await Assert.ThrowsAsync<AggregateException>(() =>
            GraphSdk.SendAsync(GraphFor(emulator, emulator.AppToken(Hybrid)), Method.GET, new Uri(emulator.Server.BaseAddress, EmulatorFactory.SettingsPath)));
        Assert.Contains("More than 3 retries", error.Message);
        Assert.All(error.InnerExceptions, e => Assert.Equal(429, Assert.IsAssignableFrom<ApiException>(e).ResponseStatusCode));
        Assert.Equal(5, (await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/_emulator/requests?status=429"))).GetArrayLength());
    }

    [Fact]
    public async Task ProbabilityFaultsWithASeedGiveTheSameSequenceEveryRun()
    {
        async Task<string> Run()
        {
            var emulator = await shared.FreshAsync();
            var client = emulator.CreateClient();
            await client.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"path":"/beta/admin/*","status":500,"probability":0.4,"seed":7}"""));
            var pattern = "";
            for (var i = 0; i < 30; i++)
            {
                pattern += (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode == HttpStatusCode.OK ? '.' : 'X';
            }

            return pattern;
        }

        var first = await Run();
        var second = await Run();

        Assert.Equal(first, second);
        Assert.Contains('X', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task LatencyDelaysTheAnswerByExactlyTheConfiguredTimeOnTheEmulatorsClock()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        await client.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"path":"/beta/admin/people/photoUpdateSettings","latencyMs":1500,"fromRequest":1,"toRequest":2}"""));

        var pending = client.GetAsync(EmulatorFactory.SettingsPath);
        // A request shows in the rule's matched count only once its latency timer runs on the emulator's clock.
        await UntilMatchedAsync(client);
        emulator.Time.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.False(await CompletesAsync(pending), "answered before the latency had passed");

        emulator.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await CompletesAsync(pending, TimeSpan.FromSeconds(30)), "no answer once exactly the latency had passed");
        Assert.Equal(HttpStatusCode.OK, (await pending).StatusCode);
    }

    [Fact]
    public void ARuleCountsADecidedRequestOnlyOnceItsFilterHasArmedTheLatency()
    {
        var rules = new FaultRules();
        rules.Add(new FaultRuleDocument { Path = "/beta/admin/*", LatencyMs = 1500, Count = 2 });

        var decision = rules.Decide(Hybrid, "GET", EmulatorFactory.SettingsPath);

        Assert.NotNull(decision);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), decision.Latency);
        var unseen = Assert.Single(rules.List());
        Assert.Equal((0, 0), (unseen.Matched, unseen.Faulted));

        rules.Announce(decision);
        var seen = Assert.Single(rules.List());
        Assert.Equal((1, 1), (seen.Matched, seen.Faulted));
    }

    [Fact]
    public async Task AFaultedPatchChangesNothingAndASpentRuleStopsMatching()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await client.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"method":"PATCH","path":"/beta/admin/people/photoUpdateSettings","status":500,"count":1}"""));

        var faulted = await emulator.PatchAsync("""{"source":"onPremises"}""");
        await GraphAssert.ErrorAsync(faulted, HttpStatusCode.InternalServerError, "generalException", emulator.Time.GetUtcNow());
        Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());
        Assert.Empty((await GraphAssert.JsonAsync(await client.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"))).GetProperty("pending").EnumerateArray());

        var next = await emulator.PatchAsync("""{"source":"onPremises"}""");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("onPremises|[]", await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task AWindowFaultsRequestsKToMOfTheTenantItNames()
    {
        var emulator = await shared.FreshAsync();
        var cloud = emulator.ClientWith(emulator.AppToken(DefaultTenants.CloudOnlyId));
        var hybrid = emulator.CreateClient();
        await hybrid.PostAsync("/_emulator/faults", EmulatorFactory.Json(
            $$"""{"tenantId":"{{DefaultTenants.CloudOnlyId}}","path":"*photoUpdateSettings","status":502,"fromRequest":2,"toRequest":3}"""));

        var codes = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((int)(await cloud.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await hybrid.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
        }

        Assert.Equal([200, 502, 502, 200, 200], codes);
    }

    [Theory]
    [InlineData("""{"path":"/beta/*","status":418}""", "status")]
    [InlineData("""{"path":"/beta/*"}""", "status")]
    [InlineData("""{"path":"/beta/*","status":500,"probability":0}""", "probability")]
    [InlineData("""{"path":"/beta/*","status":500,"count":0}""", "count")]
    [InlineData("""{"path":"/beta/*","status":500,"fromRequest":5,"toRequest":2}""", "fromRequest")]
    [InlineData("""{"path":"/beta/*","status":500,"count":1,"probability":0.5}""", "count")]
    [InlineData("""{"path":"/_emulator/state","status":500}""", "path")]
    [InlineData("""{"method":"TRACE","status":500}""", "method")]
    [InlineData("""{"status":500,"retryAfterSeconds":5}""", "retryAfterSeconds")]
    [InlineData("""{"latency":{"minMs":10,"maxMs":5}}""", "latency")]
    public async Task AnInvalidOrNeverMatchingRuleIsRefused(string json, string path)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();

        var response = await client.PostAsync("/_emulator/faults", EmulatorFactory.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await GraphAssert.JsonAsync(response)).GetProperty("errors").TryGetProperty(path, out _), await response.Content.ReadAsStringAsync());
        Assert.Empty((await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/faults"))).EnumerateArray());
    }

    [Fact]
    public async Task RulesCanBeListedDeletedAndCleared()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var first = (await GraphAssert.JsonAsync(await client.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"path":"/beta/*","latencyMs":0}""")))).GetProperty("id").GetString();
        await client.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"path":"/v1.0/*","status":503}"""));

        Assert.Equal(2, (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/faults"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/_emulator/faults/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/_emulator/faults/{first}")).StatusCode);
        Assert.Equal(1, (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/faults"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/_emulator/faults")).StatusCode);
        Assert.Equal(0, (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/faults"))).GetArrayLength());
    }

    [Fact]
    public async Task RulesInConfigurationApplyFromTheStart()
    {
        await using var emulator = new EmulatorFactory()
            .With("Emulator:Faults:0:Path", "/beta/admin/people/photoUpdateSettings")
            .With("Emulator:Faults:0:Status", "503")
            .With("Emulator:Faults:0:Count", "1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public void AnInvalidRuleInConfigurationStopsTheStart()
    {
        using var emulator = new EmulatorFactory().With("Emulator:Faults:0:Status", "418");

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("Emulator:Faults:0: 'status' 418", error.ToString());
    }

    [Fact]
    public async Task TheJournalFiltersByTenantPathStatusAndTimeKeepsOnlyItsCapacityAndClears()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Journal:Capacity", "5");
        var client = emulator.CreateClient();
        var cloud = emulator.ClientWith(emulator.AppToken(DefaultTenants.CloudOnlyId));
        await client.GetAsync(EmulatorFactory.SettingsPath);
        emulator.Time.Advance(TimeSpan.FromMinutes(1));
        var since = emulator.Time.GetUtcNow();
        await cloud.GetAsync(EmulatorFactory.SettingsPath);
        await client.GetAsync("/beta/users/nobody/photo");
        var request = new HttpRequestMessage(HttpMethod.Get, EmulatorFactory.SettingsPath + "?$select=source");
        request.Headers.Add("client-request-id", "mine");
        await client.SendAsync(request);

        var all = (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/requests"))).EnumerateArray().ToArray();
        Assert.Equal(4, all.Length);
        Assert.Equal("?$select=source", all[3].GetProperty("query").GetString());
        Assert.Equal("mine", all[3].GetProperty("clientRequestId").GetString());
        Assert.Equal(Hybrid.ToString(), all[3].GetProperty("tenantId").GetString());
        Assert.Single((await GraphAssert.JsonAsync(await client.GetAsync($"/_emulator/requests?tenantId={DefaultTenants.CloudOnlyId}"))).EnumerateArray());
        Assert.Single((await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/requests?status=404"))).EnumerateArray());
        Assert.Equal(3, (await GraphAssert.JsonAsync(await client.GetAsync($"/_emulator/requests?since={Uri.EscapeDataString(since.ToString("O"))}"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/_emulator/requests?status=many")).StatusCode);

        for (var i = 0; i < 5; i++)
        {
            await client.GetAsync(EmulatorFactory.SettingsPath);
        }

        Assert.Equal(5, (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/requests"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/_emulator/requests")).StatusCode);
        Assert.Equal(0, (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/requests"))).GetArrayLength());
    }

    [Fact]
    public async Task TheFixtureAddsFaultsAndReadsTheJournal()
    {
        await using var emulator = new InProcessEmulator();
        var client = await emulator.CreateClientForAppAsync(WellKnown.HybridTenantId);
        var rule = await emulator.AddFaultAsync(FaultRule.Throttle(WellKnown.SettingsPath, count: 1, retryAfterSeconds: 3));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(WellKnown.SettingsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(WellKnown.SettingsPath)).StatusCode);

        var requests = await emulator.GetRequestsAsync(path: "photoUpdateSettings");
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.Equal(rule.Id, requests[0].Fault);
        await emulator.ClearRequestsAsync();
        await emulator.ClearFaultsAsync();
        Assert.Empty(await emulator.GetRequestsAsync());
    }

    /// <summary>
    /// Whether the request completes within a bounded real-time wait (it is already due, or never will be).
    /// Waiting for an answer that is due returns as soon as it comes; the bound only stops a hang.
    /// </summary>
    private static async Task<bool> CompletesAsync(Task task, TimeSpan? within = null)
    {
        try
        {
            await task.WaitAsync(within ?? TimeSpan.FromSeconds(2));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Until the rule has seen the request (asks the control API; yields, never sleeps).</summary>
    private static async Task UntilMatchedAsync(HttpClient control)
    {
        for (var i = 0; i < 10_000; i++)
        {
            var rules = await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"));
            if (rules.GetArrayLength() == 1 && rules[0].GetProperty("matched").GetInt32() == 1)
            {
                return;
            }

            await Task.Yield();
        }

        Assert.Fail("the request never reached the fault rule");
    }

    private static GraphServiceClient GraphFor(EmulatorFactory emulator, string token)
    {
        var authentication = new BaseBearerTokenAuthenticationProvider(new StaticToken(token));
        var http = GraphClientFactory.Create(finalHandler: emulator.Server.CreateHandler());
        return new GraphServiceClient(http, authentication, new Uri(emulator.Server.BaseAddress, "/v1.0").ToString());
    }
}
