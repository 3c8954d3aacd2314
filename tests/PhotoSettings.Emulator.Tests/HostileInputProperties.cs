using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Generated hostile input, seeded so a failure replays: settings bodies, control documents, token claims,
/// header values and fault patterns. For each case: no 5xx, an answer in the path's dialect, and the state
/// unchanged when the request was refused. <c>PROPERTY_SEED</c> and <c>PROPERTY_CASES</c> replay a
/// failure or run more cases; the defaults keep each property to a few seconds.
/// </summary>
public sealed class HostileInputProperties(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("PROPERTY_SEED"), out var seed) ? seed : 20261206;
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("PROPERTY_CASES"), out var cases) ? cases : 300;

    private static readonly string[] Roles = ["62e90394-69f5-4237-9190-012177145e10", "fe930be7-5e62-47db-91af-98c3a49a38b1", "024906de-61e5-49c8-8572-40335f1e0e10", "00000000-0000-0000-0000-000000000000"];

    // ---- generators of raw JSON text ----

    /// <summary>A JSON string literal: well-formed text, known values, or escapes that hold lone surrogates.</summary>
    private static readonly Gen<string> StringLiteral = Gen.Frequency(
        (4, Gen.String.Select(s => JsonSerializer.Serialize(s))),
        (3, Gen.OneOf("cloud", "onPremises", "unknownFutureValue", "CLOUD", "", " ", "#microsoft.graph.photoUpdateSettings").Select(s => JsonSerializer.Serialize(s))),
        (3, Gen.OneOf(Roles).Select(s => JsonSerializer.Serialize(s))),
        (2, Gen.Int[0xD800, 0xDFFF].Select(Gen.String, (u, s) => $"\"{s.Length % 5}\\u{u:x4}{s.Length}\"")),
        (1, Gen.OneOf("\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"\\udc00\\ud800\"", "\"x\\ud800\"")));

    private static readonly Gen<string> NumberLiteral = Gen.OneOf(
        Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0"),
        Gen.OneOf("1e999", "-0", "9223372036854775808", "0.1e-400"));

    private static Gen<string> Value(int depth) => depth == 0
        ? Gen.Frequency((4, StringLiteral), (2, NumberLiteral), (1, Gen.OneOf("true", "false", "null")))
        : Gen.Frequency(
            (4, StringLiteral),
            (2, NumberLiteral),
            (1, Gen.OneOf("true", "false", "null")),
            (3, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Object(depth - 1)));

    private static readonly Gen<string> Key = Gen.Frequency(
        (6, Gen.OneOf("source", "allowedRoles", "@odata.type", "id", "Source", "@odata.context").Select(k => JsonSerializer.Serialize(k))),
        (2, StringLiteral));

    private static Gen<string> Object(int depth) =>
        Gen.Select(Key, Value(depth)).Array[0, 4].Select(members => "{" + string.Join(",", members.Select(m => m.Item1 + ":" + m.Item2)) + "}");

    /// <summary>Settings bodies: mostly objects of settings-like members, some cut short, some not objects at all.</summary>
    private static readonly Gen<string> SettingsBody = Gen.Frequency(
        (8, Object(2)),
        (2, Gen.Select(Object(2), Gen.Int[0, 100]).Select((text, cut) => text[..Math.Min(text.Length, cut)])),
        (1, Value(1)));

    // ---- properties ----

    [Fact]
    public async Task NoSettingsBodyGetsA5xxAndARefusedOneChangesNothing()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var before = await client.GetStringAsync("/_emulator/state");

        await ForEachAsync(SettingsBody.Select(Gen.Bool), async (body, replace) =>
        {
            var response = replace
                ? await client.PostAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json(body))
                : await client.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json(body));
            if (response.IsSuccessStatusCode)
            {
                var answer = await GraphAssert.JsonAsync(response);
                Assert.Equal(GraphAssert.Fingerprint(answer), await emulator.SettingsFingerprintAsync());
                before = await client.GetStringAsync("/_emulator/state");
                return;
            }

            await AssertGraphRefusalAsync(response, 400, 415);
            Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
        });
    }

    private static readonly Gen<string> Duration = Gen.Frequency(
        (3, Gen.Select(Gen.Int[-5, 40000], Gen.OneOf("D", "H", "M", "S", "Y")).Select((n, unit) => unit is "D" or "Y" ? $"P{n}{unit}" : $"PT{n}{unit}")),
        (2, Gen.Select(Gen.Int[0, 999999], Gen.Int[0, 99], Gen.Int[0, 99]).Select((h, m, s) => $"{h:00}:{m:00}:{s:00}")),
        (1, Gen.OneOf("10675199.02:48:05.4775807", "P9000Y", "PT0S", "P36525D", "-P1D", "P", "PT", "1.00:00:00", "24:00:00")),
        (2, Gen.String));

    [Fact]
    public async Task NoClockAdvanceGetsA5xxAndARefusedOneMovesNoClock()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();

        await ForEachAsync(Gen.Select(Duration, Gen.Bool, Gen.Int[0, 9]), async (by, tenant, shape) =>
        {
            var path = tenant ? $"/_emulator/tenants/{Hybrid}/clock" : "/_emulator/clock";
            var before = await client.GetStringAsync(path);
            var body = shape switch
            {
                0 => by,
                1 => $"{{\"by\":{JsonSerializer.Serialize(by)},\"extra\":1}}",
                2 => $"{{\"by\":{by.Length}}}",
                _ => $"{{\"by\":{JsonSerializer.Serialize(by)}}}",
            };
            var response = await client.PostAsync(path + "/advance", EmulatorFactory.Json(body));
            if (response.IsSuccessStatusCode)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return;
            }

            await GraphAssert.ProblemAsync(response, 400);
            var after = JsonNode.Parse(await client.GetStringAsync(path))!;
            Assert.Equal(JsonNode.Parse(before)!["offset"]!.GetValue<string>(), after["offset"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task NoStateDocumentGetsA5xxAndARefusedOneChangesNothing()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        var original = await client.GetStringAsync("/_emulator/state");
        string[] fields = ["clockOffset", "version", "tenants.id", "tenants.displayName", "tenants.identityModel", "history.clockOffset",
            "history.changeCount", "history.versions", "version.effectiveAt", "version.requestedAt", "version.settings", "tenants.users", "tenants.customRoles"];
        var values = Gen.OneOf(Value(1), Duration.Select(d => JsonSerializer.Serialize(d)));

        await ForEachAsync(Gen.Select(Gen.OneOf(fields), values), async (field, value) =>
        {
            var before = await client.GetStringAsync("/_emulator/state");
            var document = JsonNode.Parse(original)!;
            var tenant = document["tenants"]!.AsArray().First(t => t!["id"]!.GetValue<string>() == Hybrid.ToString())!;
            // A placeholder swapped for the raw text afterwards: JsonNode refuses to hold a lone surrogate, the emulator must too.
            const string placeholder = "\u0001placeholder\u0001";
            var node = JsonValue.Create(placeholder);
            switch (field)
            {
                case "clockOffset" or "version": document[field] = node; break;
                case "history.clockOffset" or "history.changeCount" or "history.versions": tenant["photoUpdateSettings"]![field[8..]] = node; break;
                case "version.effectiveAt" or "version.requestedAt" or "version.settings":
                    tenant["photoUpdateSettings"]!["versions"]![0]![field[8..]] = node; break;
                default: tenant[field[8..]] = node; break;
            }

            var text = document.ToJsonString().Replace(JsonSerializer.Serialize(placeholder), value, StringComparison.Ordinal);
            Assert.DoesNotContain("placeholder", text);
            var response = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(text));
            if (response.IsSuccessStatusCode)
            {
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
                // What was accepted exports and imports back.
                var exported = await client.GetStringAsync("/_emulator/state");
                Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/_emulator/state", EmulatorFactory.Json(exported))).StatusCode);
                return;
            }

            await GraphAssert.ProblemAsync(response, 400);
            Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
        });
    }

    private static readonly Gen<string> ClaimValue = Gen.Frequency(
        (3, StringLiteral),
        (2, NumberLiteral),
        (1, StringLiteral.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
        (1, Gen.OneOf("null", "true", "{}", "999999999999", "253402300800", "-62135596801")));

    [Fact]
    public async Task NoTokenGetsA5xxAndARefusedOneProvisionsNothing()
    {
        var emulator = await shared.FreshAsync();
        var admin = emulator.CreateClient();
        var now = emulator.Time.GetUtcNow().ToUnixTimeSeconds();
        string[] claims = ["tid", "exp", "nbf", "wids", "scp", "roles", "oid", "aud"];
        var tids = Gen.OneOf(Hybrid.ToString(), Guid.Empty.ToString(), "not-a-guid").Select(t => JsonSerializer.Serialize(t));
        var payload = Gen.Select(tids, Gen.Select(Gen.OneOf(claims), ClaimValue).Array[0, 5])
            .Select((tid, extra) => "{" + string.Join(",", new[] { $"\"tid\":{tid}", $"\"exp\":{now + 3600}", "\"roles\":[\"PeopleSettings.Read.All\"]" }
                .Concat(extra.Select(c => $"\"{c.Item1}\":{c.Item2}"))) + "}");

        await ForEachAsync(payload, async json =>
        {
            var tenantsBefore = await admin.GetStringAsync("/_emulator/tenants");
            var response = await emulator.ClientWith(Tokens.Raw(json)).GetAsync(EmulatorFactory.SettingsPath);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await AssertGraphRefusalAsync(response, 401, 403);
            Assert.Equal(tenantsBefore, await admin.GetStringAsync("/_emulator/tenants"));
        });
    }

    private static readonly Gen<string> HeaderValue = Gen.Frequency(
        (3, Gen.String[Gen.Char[' ', '~'], 0, 80]),
        (2, Gen.String[Gen.Char['\u0001', '\u00ff'].Where(c => c is not ('\r' or '\n')), 0, 40]),
        (1, Gen.String[Gen.Char['\u0100', '\uffff'].Where(c => !char.IsSurrogate(c)), 1, 10]),
        (1, Gen.Const(() => Guid.NewGuid().ToString())));

    [Fact]
    public async Task NoClientRequestIdGetsA5xxAndEveryAnswerEchoesWhatItCan()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();

        await ForEachAsync(Gen.Select(HeaderValue, Gen.Bool), async (value, graph) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, graph ? EmulatorFactory.SettingsPath : "/healthz");
            Assert.True(request.Headers.TryAddWithoutValidation("client-request-id", value));
            var response = await client.SendAsync(request);
            var echoed = response.Headers.GetValues("client-request-id").Single();
            var sent = value.Trim();
            if (UntrustedText.IsEchoableHeaderValue(sent))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(sent.Length is > 0 and <= 256 ? sent : response.Headers.GetValues("request-id").Single(), echoed);
                return;
            }

            Assert.True(UntrustedText.IsEchoableHeaderValue(echoed));
            if (graph)
            {
                await AssertGraphRefusalAsync(response, 400);
            }
            else
            {
                await GraphAssert.ProblemAsync(response, 400);
            }
        });
    }

    private static readonly Gen<string> PatternText = Gen.String[Gen.OneOf('a', 'b', '*', '/', 'A'), 0, 24];

    [Fact]
    public void AGlobAgreesWithALinearRegexOnEveryPatternAndPath()
    {
        var paths = Gen.String[Gen.OneOf('a', 'b', '/', 'B'), 0, 48];
        foreach (var (i, (pattern, path)) in Generate(Gen.Select(PatternText, paths), Cases * 10))
        {
            var oracle = new Regex("^" + Regex.Escape("/beta/" + pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "/?$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            Assert.True(oracle.IsMatch("/beta/" + path) == new Glob("/beta/" + pattern).IsMatch("/beta/" + path),
                $"case {i} (PROPERTY_SEED={Seed}): pattern '/beta/{pattern}' against '/beta/{path}'");
        }
    }

    [Fact]
    public async Task NoFaultPatternGetsA5xxOrHoldsARequest()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        // A bound, not a wait: a pattern that backtracked would hold the request far longer than this.
        client.Timeout = TimeSpan.FromSeconds(20);

        await ForEachAsync(Gen.Select(PatternText, Gen.String[Gen.OneOf('a', 'b'), 30, 60]), async (pattern, id) =>
        {
            var rule = await client.PostAsync("/_emulator/faults", EmulatorFactory.Json(
                $"{{\"path\":{JsonSerializer.Serialize("/beta/" + pattern)},\"status\":503,\"count\":1}}"));
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
            var ruleId = JsonNode.Parse(await rule.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

            var response = await client.GetAsync($"/beta/users/{id}/photo");

            Assert.True((int)response.StatusCode is 404 or 503, $"{(int)response.StatusCode} for pattern '/beta/{pattern}'");
            await client.DeleteAsync($"/_emulator/faults/{ruleId}");
        }, Cases / 3);
    }

    // ---- helpers ----

    /// <summary>The cases of one property, each from the seeded generator; a failure names its seed and case.</summary>
    private static IEnumerable<(int Index, T Value)> Generate<T>(Gen<T> gen, int count)
    {
        var pcg = new PCG(1, Seed);
        for (var i = 0; i < count; i++)
        {
            yield return (i, gen.Generate(pcg, null, out _));
        }
    }

    private static async Task ForEachAsync<T>(Gen<T> gen, Func<T, Task> property, int? count = null)
    {
        foreach (var (i, value) in Generate(gen, count ?? Cases))
        {
            try
            {
                await property(value);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"case {i} (PROPERTY_SEED={Seed}) failed for {value}: {ex.Message}", ex);
            }
        }
    }

    private static Task ForEachAsync<T1, T2>(Gen<(T1, T2)> gen, Func<T1, T2, Task> property, int? count = null) =>
        ForEachAsync(gen, v => property(v.Item1, v.Item2), count);

    private static Task ForEachAsync<T1, T2, T3>(Gen<(T1, T2, T3)> gen, Func<T1, T2, T3, Task> property, int? count = null) =>
        ForEachAsync(gen, v => property(v.Item1, v.Item2, v.Item3), count);

    private static async Task AssertGraphRefusalAsync(HttpResponseMessage response, params int[] statuses)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(statuses.Contains((int)response.StatusCode), $"answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }
}
