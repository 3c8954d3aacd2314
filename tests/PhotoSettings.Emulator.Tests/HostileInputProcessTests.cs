using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Hostile input over real sockets, through Kestrel as users meet it: concurrent writes each checked
/// against what its own request sent (a body buffer handed back to a shared pool while its document still
/// read it let one request's bytes stand in for another's), and raw HTTP that Kestrel itself chokes on.
/// </summary>
[Trait("Category", "Process")]
public sealed class HostileInputProcessTests
{
    [Fact]
    public async Task EveryConcurrentPatchToManyTenantsStoresExactlyWhatItsOwnRequestSent()
    {
        await using var emulator = await EmulatorProcess.StartAsync(("Logging__LogLevel__Default", "Warning"));
        using var client = emulator.CreateClient();
        var roleIds = RoleCatalogTests.BuiltInRoleIds();
        const int tenants = 48, writesPerTenant = 24;
        var now = DateTimeOffset.UtcNow;

        var lastSent = new string[tenants];
        var writers = Enumerable.Range(0, tenants).Select(t => Task.Run(async () =>
        {
            var tenantId = Guid.NewGuid();
            var token = Tokens.Unsigned(Tokens.Claims(now, tenantId, ("roles", new[] { "PeopleSettings.ReadWrite.All" })));
            for (var i = 0; i < writesPerTenant; i++)
            {
                // Every body differs from every other in the run: its roles are chosen by tenant and round.
                var roles = roleIds.Skip((t * 7 + i * 3) % (roleIds.Count - 10)).Take(1 + (t + i) % 9).ToArray();
                var body = JsonSerializer.Serialize(new { source = "cloud", allowedRoles = roles });
                using var request = new HttpRequestMessage(HttpMethod.Patch, EmulatorFactory.SettingsPath)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(request);
                var answer = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"tenant {t} write {i} answered {(int)response.StatusCode}: {answer}");
                Assert.Equal(Fingerprint(body), Fingerprint(answer));
                lastSent[t] = body;
            }

            using var read = new HttpRequestMessage(HttpMethod.Get, EmulatorFactory.SettingsPath);
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var stored = await client.SendAsync(read);
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal(Fingerprint(lastSent[t]), Fingerprint(await stored.Content.ReadAsStringAsync()));
        }));

        await Task.WhenAll(writers);
    }

    [Fact]
    public async Task AChunkSizeThatOverflowsOrAClientRequestIdKestrelCannotEchoIsA400NotA500()
    {
        await using var emulator = await EmulatorProcess.StartAsync(("Logging__LogLevel__Default", "Warning"));
        var token = Tokens.Unsigned(Tokens.Claims(DateTimeOffset.UtcNow, Tenants.DefaultTenants.HybridId, ("roles", new[] { "PeopleSettings.ReadWrite.All" })));

        var overflow = await RawAsync(emulator,
            $"PATCH {EmulatorFactory.SettingsPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n");
        var controlByte = await RawAsync(emulator, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nclient-request-id: a\u0001b\r\n\r\n");
        var nonAscii = await RawAsync(emulator, $"GET {EmulatorFactory.SettingsPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nclient-request-id: h\u00e9llo\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 ", overflow);
        Assert.Contains("\"code\":\"BadRequest\"", overflow);
        Assert.StartsWith("HTTP/1.1 400 ", controlByte);
        Assert.Contains("application/problem+json", controlByte);
        Assert.StartsWith("HTTP/1.1 400 ", nonAscii);
        Assert.Contains("client-request-id", nonAscii);
        using var client = emulator.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.DoesNotContain("Unhandled exception", emulator.Output);
    }

    /// <summary>Sends the request as UTF-8 bytes with Connection: close (no HttpClient check in the way) and reads the answer.</summary>
    private static async Task<string> RawAsync(EmulatorProcess emulator, string request)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(emulator.BaseAddress.Host, emulator.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        var buffer = new byte[64 * 1024];
        var length = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Connection: close, so the answer ends where the stream does.
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token)) > 0)
        {
            length += read;
        }

        return Encoding.Latin1.GetString(buffer, 0, length);
    }

    private static string Fingerprint(string json) => GraphAssert.Fingerprint(JsonDocument.Parse(json).RootElement);
}
