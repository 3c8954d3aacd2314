using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Logs carry data, never control (issue 26): requests whose path, query, headers, token claims and bodies hold
/// line breaks, ESC, other C0 bytes, DEL, C1 controls, U+2028/2029 and bidi overrides, sent to the real process
/// with every logger on (ours, ASP.NET's and Kestrel's, to Debug), and the captured console read byte for byte.
/// </summary>
[Trait("Category", "Process")]
public sealed class LogEscapingTests
{
    // Each hostile character once, percent-encoded for a path: LF, CR, ESC, BEL, DEL, two C1 controls, the line and
    // paragraph separators, and two bidi controls (RLO, LRI).
    private const string HostilePathTail = "%0Afail:%20forged%0D%1B[2J%07%7F%C2%85%C2%9B%E2%80%A8%E2%80%A9%E2%80%AE%E2%81%A6";
    private const string HostileText = "\nfail: forged\r\u001b[2J\u0007\u007f\u0085\u009b\u2028\u2029\u202e\u2066";
    private const string EscapedText = "\\nfail: forged\\r\\x1B[2J\\x07\\x7F\\x85\\x9B\\u2028\\u2029\\u202E\\u2066";

    private static readonly string HostileTenantName = "Evil" + HostileText;

    [Fact]
    public async Task HostileRequestsReachTheConsoleOnlyAsVisibleEscapes()
    {
        await using var emulator = await StartAsync();

        await SendHostileRequestsAsync(emulator);

        var output = emulator.Output;
        AssertNoControlCharacters(output);
        Assert.Contains($"GET {EmulatorFactory.SettingsPath}{EscapedText} -> ", output, StringComparison.Ordinal);
        Assert.Contains($"Tenant: Evil{EscapedText} {HostileTenantId} (CloudOnly)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("fail: forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheJsonConsoleFormatEscapesTheSameRequestsAndKeepsTheirFieldsStructured()
    {
        await using var emulator = await StartAsync(("Logging__Console__FormatterName", "json"));

        // The JSON writer escapes '>' too.
        await SendHostileRequestsAsync(emulator, " -\\u003E ");

        var output = emulator.Output;
        AssertNoControlCharacters(output);
        var entries = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var states = entries.Select(e => e.TryGetProperty("State", out var state) && state.ValueKind == JsonValueKind.Object ? state : default).ToList();
        Assert.Contains(states, s => s.ValueKind != JsonValueKind.Undefined && s.TryGetProperty("Path", out var path) && path.GetString() == EmulatorFactory.SettingsPath + HostileText);
        Assert.Contains(states, s => s.ValueKind != JsonValueKind.Undefined && s.TryGetProperty("TenantName", out var name) && name.GetString() == HostileTenantName);
    }

    [Fact]
    public async Task ATerminalGetsTheBannerAndOneLinePerRequestWithoutTokensOrAspNetLines()
    {
        await using var emulator = await ConsoleOutputProcess.StartAsync();
        var url = emulator.BaseAddress.ToString().TrimEnd('/');
        using var client = emulator.CreateClient();

        var mint = await client.PostAsync("/_emulator/tokens", EmulatorFactory.Json($$"""{"tenantId":"{{DefaultTenants.HybridId}}"}"""));
        var token = JsonDocument.Parse(await mint.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        using var get = new HttpRequestMessage(HttpMethod.Get, EmulatorFactory.SettingsPath) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        var response = await client.SendAsync(get);
        var requestId = GraphAssert.Ids(response);
        await emulator.WaitForOutputAsync(requestId, TimeSpan.FromSeconds(30));

        var lines = emulator.Output.Split('\n');
        Assert.Equal($"PhotoSettings emulator listening on {url} (Ctrl+C stops it)", lines[0]);
        Assert.Contains($"Graph: {url}/beta and {url}/v1.0", lines);
        Assert.Contains($"Console: {url}/_emulator/ui", lines);
        Assert.Contains($"Swagger UI: {url}/swagger", lines);
        Assert.Contains($"Token endpoint: {url}/<tenant-id>/oauth2/v2.0/token", lines);
        Assert.Contains($"Tenant: Contoso Hybrid {DefaultTenants.HybridId} (Hybrid)", lines);
        Assert.Contains(lines, l => l.StartsWith($"A token: curl -s -X POST {url}/_emulator/tokens ", StringComparison.Ordinal));
        var requestLine = Assert.Single(lines, l => l.Contains(EmulatorFactory.SettingsPath, StringComparison.Ordinal));
        Assert.StartsWith($"GET {EmulatorFactory.SettingsPath} -> 200 tenant={DefaultTenants.HybridId} request-id={requestId} in ", requestLine, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("eyJ", StringComparison.Ordinal) || l.Contains("Request starting", StringComparison.Ordinal)
            || l.Contains("Executing endpoint", StringComparison.Ordinal) || l.StartsWith("info:", StringComparison.Ordinal));
    }

    private static readonly Guid HostileTenantId = Guid.Parse("e7110000-0000-4000-8000-000000000001");

    private static async Task<ConsoleOutputProcess> StartAsync(params (string Key, string Value)[] extra)
    {
        var tenants = Path.Combine(Path.GetTempPath(), $"photosettings-hostile-tenants-{Guid.NewGuid()}.json");
        await File.WriteAllTextAsync(tenants, JsonSerializer.Serialize(new
        {
            tenants = new[] { new { id = HostileTenantId.ToString(), displayName = HostileTenantName, identityModel = "cloudOnly" } },
        }));
        try
        {
            return await ConsoleOutputProcess.StartAsync(
                [("Emulator__TenantsFile", tenants), ("Logging__LogLevel__Default", "Debug"), ("Logging__LogLevel__Microsoft", "Debug"), .. extra]);
        }
        finally
        {
            // Read at start; left behind, one file per run piled up in the machine's temporary folder.
            File.Delete(tenants);
        }
    }

    /// <summary>
    /// The hostile requests, each on a connection of its own that the server closes only once the request is done
    /// (so its lines are queued), then one whose request line, written last, marks that every earlier line is out.
    /// </summary>
    private static async Task SendHostileRequestsAsync(ConsoleOutputProcess emulator, string arrow = " -> ")
    {
        var token = Tokens.Unsigned(Tokens.Claims(TimeProvider.System.GetUtcNow(), DefaultTenants.HybridId,
            ("roles", new[] { "PeopleSettings.ReadWrite.All" }), ("name", HostileTenantName), ("upn", "x" + HostileText), ("appid", HostileText)));
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { source = HostileText, allowedRoles = new[] { HostileText } }));

        // Raw bytes no client library would send: ESC, BEL, DEL and a UTF-8 C1 control (C2 85) in headers and a request line.
        const string raw = "\u001b]0;pwned\u0007\u007f\u00c2\u0085";
        const string close = "Host: 127.0.0.1\r\nConnection: close\r\n";
        foreach (var head in (string[])[
            // The path and the query percent-encoded, as a client sends them, with a token whose claims are hostile.
            $"GET {EmulatorFactory.SettingsPath}{HostilePathTail}?$select={HostilePathTail} HTTP/1.1\r\n{close}Authorization: Bearer {token}\r\n\r\n",
            $"GET /healthz HTTP/1.1\r\n{close}User-Agent: ua{raw}\r\nclient-request-id: id{raw}\r\n\r\n",
            $"GET {EmulatorFactory.SettingsPath} HTTP/1.1\r\n{close}Authorization: Bearer {raw}\r\n\r\n",
            $"GET /\u001b[2J\u007f HTTP/1.1\r\n{close}\r\n",
            $"GET /healthz HTTP/1.1\r\nHost: evil{raw}\r\nConnection: close\r\n\r\n",
            $"POST /_emulator/tokens HTTP/1.1\r\n{close}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz{raw}\r\n",
        ])
        {
            _ = await emulator.SendRawAsync(Encoding.Latin1.GetBytes(head));
        }

        // A body Graph refuses, quoting what it read.
        var patch = $"PATCH {EmulatorFactory.SettingsPath} HTTP/1.1\r\n{close}Authorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        Assert.StartsWith("HTTP/1.1 400", await emulator.SendRawAsync([.. Encoding.Latin1.GetBytes(patch), .. body]), StringComparison.Ordinal);

        var marker = $"/log-marker-{Guid.NewGuid()}";
        Assert.StartsWith("HTTP/1.1 404", await emulator.SendRawAsync(Encoding.Latin1.GetBytes($"GET {marker} HTTP/1.1\r\n{close}\r\n")), StringComparison.Ordinal);
        await emulator.WaitForOutputAsync(marker + arrow + "404", TimeSpan.FromSeconds(30));
    }

    private static void AssertNoControlCharacters(string output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            if (c != '\n' && LogText.IsUnsafe(c) && !(char.IsHighSurrogate(c) && i + 1 < output.Length && char.IsLowSurrogate(output[++i])))
            {
                var from = Math.Max(0, i - 120);
                Assert.Fail($"U+{(int)c:X4} reached the console at {i}: ...{LogText.Escape(output[from..Math.Min(output.Length, i + 40)])}...");
            }
        }
    }
}
