using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The Host and cross-site guards against the real process, over a real socket with a real Host line: what a
/// rebinding page, another site's page and a typeless body are refused (in the path's dialect, changing nothing),
/// and what curl, the SDKs, the console and Swagger UI send is answered as before. Auth is Off, the mode in which
/// a cross-site write would reach Graph settings.
/// </summary>
[Trait("Category", "Process")]
public sealed class RequestOriginGuardTests(RequestOriginGuardTests.Emulator emulator) : IClassFixture<RequestOriginGuardTests.Emulator>
{
    private const string Settings = EmulatorFactory.SettingsPath;
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private static readonly string Hybrid = PhotoSettings.Emulator.Tenants.DefaultTenants.HybridId.ToString();
    private static readonly string Token = $"/{Hybrid}/oauth2/v2.0/token";

    private string Own => emulator.Process.BaseAddress.Authority;

    public static TheoryData<string, string, string> ForeignHosts() => new()
    {
        { "evil.example", "GET", "/_emulator/state" },
        { "evil.example:{port}", "GET", "/_emulator/state" },
        { "127.0.0.1.nip.io:{port}", "GET", "/_emulator/state" },
        { "10.1.2.3:{port}", "GET", "/_emulator/state" },
        { "evil.example:{port}", "GET", Settings },
        { "rebind.test:{port}", "PATCH", Settings },
        { "evil.example:{port}", "POST", "/_emulator/faults" },
        { "evil.example:{port}", "POST", "/_emulator/reset" },
        { "evil.example:{port}", "DELETE", "/_emulator/faults" },
        { "evil.example:{port}", "POST", Token },
        { "evil.example:{port}", "GET", "/healthz" },
        { "evil.example:{port}", "GET", "/swagger/index.html" },
        { "evil.example:{port}", "GET", "/openapi/v1.json" },
        { "evil.example:{port}", "GET", "/_emulator/ui/" },
        { "localhost.:{port}", "GET", "/_emulator/state" },
        { "", "GET", "/_emulator/state" },
    };

    [Theory]
    [MemberData(nameof(ForeignHosts))]
    public async Task AForeignHostIsRefusedWith403InThePathsDialectAndChangesNothing(string host, string method, string path)
    {
        var before = await SnapshotAsync();
        var body = method is "GET" or "DELETE" ? null : path == Token ? "grant_type=client_credentials" : """{"path":"/beta/*","status":503}""";
        var type = path == Token ? "Content-Type: application/x-www-form-urlencoded" : "Content-Type: application/json";

        var answer = await SendAsync(method, path, host.Replace("{port}", emulator.Process.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), body, type);

        Assert.Equal(403, answer.Status);
        AssertDialect(answer, path, host.Length == 0 ? "names no Host" : "Emulator:AllowedHosts");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task HttpOnePointZeroWithoutAHostIsRefused()
    {
        var answer = await RawHttp.SendAsync(emulator.Process.BaseAddress, "GET /_emulator/state HTTP/1.0\r\n\r\n");

        Assert.Equal(403, answer.Status);
        Assert.Contains("names no Host", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAbsoluteTargetWhoseAuthorityDiffersFromTheHostIsRefusedByKestrelBeforeAnyHandler()
    {
        var answer = await RawHttp.SendAsync(emulator.Process.BaseAddress, RawHttp.Request("GET", "http://evil.example/_emulator/state", Own));

        Assert.Equal(400, answer.Status);
        Assert.DoesNotContain("tenants", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAbsoluteTargetNamingAForeignHostOnBothLinesIsRefused()
    {
        var answer = await RawHttp.SendAsync(emulator.Process.BaseAddress, RawHttp.Request("GET", "http://evil.example/_emulator/state", "evil.example"));

        Assert.Equal(403, answer.Status);
        AssertDialect(answer, "/_emulator/state", "Emulator:AllowedHosts");
    }

    public static TheoryData<string, string, string?, string> CrossSiteWrites()
    {
        var data = new TheoryData<string, string, string?, string>();
        string[] marks = ["Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: same-site", "Origin: http://evil.example", "Origin: null"];
        foreach (var mark in marks)
        {
            data.Add("POST", "/_emulator/faults", """{"path":"/beta/*","status":503}""", mark);
            data.Add("POST", "/_emulator/clock/advance", """{"by":"PT1H"}""", mark);
            data.Add("POST", "/_emulator/reset", null, mark);
            data.Add("PATCH", Settings, """{"allowedRoles":[]}""", mark);
            data.Add("DELETE", Settings, null, mark);
            data.Add("PUT", $"/_emulator/tenants/{Hybrid}", """{"displayName":"Owned"}""", mark);
        }

        data.Add("POST", Token, "grant_type=client_credentials", "Origin: http://localhost:1");
        return data;
    }

    [Theory]
    [MemberData(nameof(CrossSiteWrites))]
    public async Task AStateChangingRequestFromAnotherSiteIsRefusedWith403AndChangesNothing(string method, string path, string? body, string mark)
    {
        var before = await SnapshotAsync();
        var type = path == Token ? "Content-Type: application/x-www-form-urlencoded" : "Content-Type: text/plain";

        var answer = await SendAsync(method, path, Own, body, mark, type);

        Assert.Equal(403, answer.Status);
        AssertDialect(answer, path, mark.StartsWith("Sec-", StringComparison.Ordinal) ? "another site" : "origin");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AReadFromAnotherSiteIsAnsweredWithoutAnyCorsHeaderSoThePageCannotReadIt()
    {
        var answer = await SendAsync("GET", "/_emulator/faults", Own, null, "Sec-Fetch-Site: cross-site", "Origin: http://evil.example");

        Assert.Equal(200, answer.Status);
        Assert.Null(answer.Header("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("POST", "/_emulator/faults", """{"path":"/beta/*","status":503}""")]
    [InlineData("POST", "/_emulator/clock/advance", """{"by":"PT1H"}""")]
    [InlineData("PUT", "/_emulator/state", "{}")]
    public async Task AControlBodyWithoutAContentTypeIs415AndChangesNothing(string method, string path, string body)
    {
        var before = await SnapshotAsync();

        var answer = await SendAsync(method, path, Own, body);

        Assert.Equal(415, answer.Status);
        Assert.Equal("application/problem+json", answer.Header("Content-Type"));
        Assert.Contains("Content-Type: application/json", answer.Body, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AGraphBodyWithoutAContentTypeIsGraphs400AndChangesNothing()
    {
        var before = await SnapshotAsync();

        var answer = await SendAsync("PATCH", Settings, Own, """{"allowedRoles":[]}""");

        Assert.Equal(400, answer.Status);
        Assert.Contains("\"code\":\"BadRequest\"", answer.Body, StringComparison.Ordinal);
        Assert.Contains("Please ensure Content-Type header is set", answer.Body, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("localhost:{port}")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("[::1]:{port}")]
    [InlineData("LOCALHOST:{port}")]
    [InlineData("localhost")]
    public async Task CurlLikeCallsOnEveryLoopbackNameAreAnswered(string host)
    {
        var port = emulator.Process.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var read = await SendAsync("GET", "/_emulator/faults", host.Replace("{port}", port), null);
        var write = await SendAsync("POST", $"/_emulator/tenants/{Hybrid}/clock/advance", host.Replace("{port}", port), """{"by":"PT1M"}""", "Content-Type: application/json");

        Assert.Equal(200, read.Status);
        Assert.Equal(200, write.Status);
    }

    [Fact]
    public async Task ABodylessControlPostNeedsNoContentType()
    {
        var answer = await SendAsync("POST", $"/_emulator/tenants/{Hybrid}/clock/advance", Own, null);

        // Through the guard to the handler, which asks for the body it needs.
        Assert.Equal(400, answer.Status);
        Assert.DoesNotContain("Content-Type", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameOriginWritesFromTheConsoleAndSwaggerUiAreAnswered()
    {
        var origin = $"Origin: http://{Own}";

        var console = await SendAsync("POST", $"/_emulator/tenants/{Hybrid}/clock/advance", Own, """{"by":"PT1M"}""",
            "Content-Type: application/json", "Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: cors", origin);
        var patch = await SendAsync("PATCH", Settings, Own, $$"""{"allowedRoles":["{{GlobalAdministrator}}"]}""",
            "Content-Type: application/json", "Sec-Fetch-Site: same-origin", origin);
        var token = await SendAsync("POST", Token, Own,
            $"grant_type=client_credentials&client_id={PhotoSettings.Emulator.Tenants.DefaultTenants.AppId(PhotoSettings.Emulator.Tenants.DefaultTenants.HybridId)}"
                + $"&client_secret={Uri.EscapeDataString(PhotoSettings.Emulator.Tenants.DefaultTenants.AppSecret)}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
            "Content-Type: application/x-www-form-urlencoded", "Sec-Fetch-Site: same-origin", origin);
        var typed = await SendAsync("GET", Settings, Own, null, "Sec-Fetch-Site: none");

        Assert.Equal(200, console.Status);
        Assert.Equal(200, patch.Status);
        Assert.Equal(200, token.Status);
        Assert.Contains("access_token", token.Body, StringComparison.Ordinal);
        Assert.Equal(200, typed.Status);
    }

    private Task<RawHttp> SendAsync(string method, string path, string host, string? body, params string[] headers) =>
        RawHttp.SendAsync(emulator.Process.BaseAddress, RawHttp.Request(method, path, host, body, headers));

    /// <summary>What a write would change: the fault rules, the hybrid tenant's clock and name, its settings.</summary>
    private async Task<string> SnapshotAsync()
    {
        using var client = emulator.Process.CreateClient();
        var faults = await client.GetStringAsync("/_emulator/faults");
        var clock = JsonDocument.Parse(await client.GetStringAsync($"/_emulator/tenants/{Hybrid}/clock")).RootElement.GetProperty("offset").GetString();
        var tenant = JsonDocument.Parse(await client.GetStringAsync($"/_emulator/tenants/{Hybrid}")).RootElement.GetProperty("displayName").GetString();
        var settings = JsonDocument.Parse(await client.GetStringAsync(Settings)).RootElement.GetProperty("allowedRoles").GetRawText();
        return $"{faults} {clock} {tenant} {settings}";
    }

    private static void AssertDialect(RawHttp answer, string path, string says)
    {
        Assert.Contains(says, answer.Body, StringComparison.Ordinal);
        if (path.StartsWith("/beta", StringComparison.Ordinal))
        {
            Assert.Contains("\"code\":\"Forbidden\"", answer.Body, StringComparison.Ordinal);
            Assert.Equal("4.0", answer.Header("OData-Version"));
        }
        else if (path.Contains("/oauth2/", StringComparison.Ordinal))
        {
            Assert.Contains("\"error\":\"invalid_request\"", answer.Body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("application/problem+json", answer.Header("Content-Type"));
            Assert.Contains("\"status\":403", answer.Body, StringComparison.Ordinal);
        }

        Assert.NotNull(answer.Header("request-id"));
    }

    /// <summary>One process for the class, auth Off, changes taking effect at once, settings already changed (so a reset would show).</summary>
    public sealed class Emulator : IAsyncLifetime
    {
        public EmulatorProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = await EmulatorProcess.StartAsync(
                ("Emulator__Auth__Mode", "Off"), ("Emulator__Propagation__Delay", "00:00:00"), ("Logging__LogLevel__Default", "Warning"));
            using var client = Process.CreateClient();
            var response = await client.PatchAsync(Settings, new StringContent(
                $$"""{"allowedRoles":["{{GlobalAdministrator}}"]}""", System.Text.Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}
