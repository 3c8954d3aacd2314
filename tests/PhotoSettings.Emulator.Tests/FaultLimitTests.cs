using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Faults;

namespace PhotoSettings.Emulator.Tests;

/// <summary>What bounds the fault rules: how many may be in force, what one costs a request, and what an id may hold.</summary>
public sealed class FaultLimitTests
{
    /// <summary>
    /// The longest pattern the validator takes, built so a backtracking matcher works hardest on a path of a's: it
    /// cost 25 ms per rule against a 4,000-character path, 2.5 s for a request with a hundred of them in force.
    /// </summary>
    private static readonly string LongestPattern = "/beta/*" + new string('a', FaultRuleValidator.MaxPathLength - 8) + "b";

    [Fact]
    public async Task WithTheMostLongestRulesInForceAnUnrelatedRequestIsAnsweredAndTheNextRuleIsRefused()
    {
        await using var emulator = new EmulatorFactory();
        var control = emulator.CreateClient();
        Assert.Equal(FaultRuleValidator.MaxPathLength, LongestPattern.Length);
        for (var i = 0; i < FaultRules.MaxRules - 1; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await control.PostAsync("/_emulator/faults", EmulatorFactory.Json(Rule(LongestPattern)))).StatusCode);
        }

        var matching = await GraphAssert.JsonAsync(await control.PostAsync("/_emulator/faults",
            EmulatorFactory.Json("""{"id":"users-photo","path":"/beta/users/*/photo","status":503}""")));
        var before = (await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"))).GetRawText();

        var refused = await control.PostAsync("/_emulator/faults", EmulatorFactory.Json(Rule(LongestPattern)));

        var problem = await GraphAssert.ProblemAsync(refused, 409);
        Assert.Contains($"{FaultRules.MaxRules} fault rules are in force", problem.GetProperty("detail").GetString());
        Assert.Equal(before, (await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"))).GetRawText());
        Assert.Equal(FaultRules.MaxRules, JsonDocument.Parse(before).RootElement.GetArrayLength());

        // A path the long rules read to their end without matching: the request is answered (no such user), unfaulted.
        var longUser = new string('a', 4000);
        var unrelated = await control.GetAsync($"/beta/users/{longUser}/photo/$value");
        Assert.Equal(HttpStatusCode.NotFound, unrelated.StatusCode);
        Assert.Contains(longUser[..80], (await GraphAssert.JsonAsync(unrelated)).GetProperty("error").GetProperty("message").GetString());
        Assert.False(unrelated.Headers.Contains(FaultFilter.Header));

        var faulted = await control.GetAsync($"/beta/users/{longUser}/photo");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        Assert.Equal(matching.GetProperty("id").GetString(), GraphAssert.Single(faulted, FaultFilter.Header));
    }

    [Fact]
    public async Task AfterARuleIsRemovedAtTheCapTheNextOneIsAdded()
    {
        await using var emulator = new EmulatorFactory();
        var control = emulator.CreateClient();
        for (var i = 0; i < FaultRules.MaxRules; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await control.PostAsync("/_emulator/faults", EmulatorFactory.Json($$"""{"id":"r{{i}}","path":"/beta/x{{i}}","status":503}"""))).StatusCode);
        }

        // Replacing a rule in force by its id is no new rule, so it is taken at the cap.
        Assert.Equal(HttpStatusCode.Created, (await control.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"id":"r0","path":"/beta/y","status":500}"""))).StatusCode);
        await GraphAssert.ProblemAsync(await control.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"id":"extra","path":"/beta/y","status":500}""")), 409);
        Assert.Equal(HttpStatusCode.NoContent, (await control.DeleteAsync("/_emulator/faults/r1")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await control.PostAsync("/_emulator/faults", EmulatorFactory.Json("""{"id":"extra","path":"/beta/y","status":500}"""))).StatusCode);
        var ids = (await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"))).EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToArray();
        Assert.Equal(FaultRules.MaxRules, ids.Length);
        Assert.Contains("extra", ids);
        Assert.DoesNotContain("r1", ids);
    }

    /// <summary>Ids a header cannot carry, as JSON string literals.</summary>
    [Theory]
    [InlineData("\"\"", "empty")]
    [InlineData("\"rule\\u0001one\"", "not")]
    [InlineData("\"rule\\r\\nX-Injected: yes\"", "not")]
    [InlineData("\"r\u00e8gle\"", "not")]
    [InlineData("\"\u89c4\u5219\"", "not")]
    [InlineData("\"two words\"", "not")]
    [InlineData("\"a/b\"", "not")]
    public async Task ARuleIdAHeaderCannotCarryIsRefusedWith400AndNothingIsAdded(string idJson, string why)
    {
        await using var emulator = new EmulatorFactory();
        var control = emulator.CreateClient();

        var response = await control.PostAsync("/_emulator/faults", EmulatorFactory.Json($$"""{"id":{{idJson}},"path":"/beta/*","status":503}"""));

        var problem = await GraphAssert.ProblemAsync(response, 400);
        Assert.Contains($"this one is {why}", problem.GetRawText());
        Assert.False(response.Headers.Contains("Location"));
        Assert.Empty((await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"))).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await control.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public async Task ARuleIdLongerThanTheLimitIsRefusedAndOneAtTheLimitIsTaken()
    {
        await using var emulator = new EmulatorFactory();
        var control = emulator.CreateClient();

        var tooLong = await control.PostAsync("/_emulator/faults", EmulatorFactory.Json($$"""{"id":"{{new string('a', FaultRuleValidator.MaxIdLength + 1)}}","path":"/beta/*","status":503}"""));
        var atLimit = await control.PostAsync("/_emulator/faults", EmulatorFactory.Json($$"""{"id":"{{new string('b', FaultRuleValidator.MaxIdLength)}}","path":"/beta/*","status":503}"""));

        Assert.Contains($"{FaultRuleValidator.MaxIdLength + 1} characters long", (await GraphAssert.ProblemAsync(tooLong, 400)).GetRawText());
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        var only = Assert.Single((await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"))).EnumerateArray());
        Assert.Equal(new string('b', FaultRuleValidator.MaxIdLength), only.GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnIdWithTheSymbolsOfAHeaderTokenIsEscapedInLocationAnsweredInTheFaultHeaderAndRemovable()
    {
        await using var emulator = new EmulatorFactory();
        var control = emulator.CreateClient();
        const string id = "a#b%c&d+e|f~g";

        var created = await control.PostAsync("/_emulator/faults", EmulatorFactory.Json($$"""{"id":"{{id}}","path":"/beta/*","status":503,"count":1}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/_emulator/faults/" + Uri.EscapeDataString(id), created.Headers.Location?.OriginalString);
        var faulted = await control.GetAsync(EmulatorFactory.SettingsPath);
        Assert.Equal(id, GraphAssert.Single(faulted, FaultFilter.Header));
        await control.PostAsync("/_emulator/faults", EmulatorFactory.Json($$"""{"id":"{{id}}","path":"/beta/*","status":503}"""));
        Assert.Equal(HttpStatusCode.NoContent, (await control.DeleteAsync(created.Headers.Location)).StatusCode);
        Assert.Empty((await GraphAssert.JsonAsync(await control.GetAsync("/_emulator/faults"))).EnumerateArray());
    }

    private static string Rule(string path) => JsonSerializer.Serialize(new { path, latencyMs = 0 });
}
