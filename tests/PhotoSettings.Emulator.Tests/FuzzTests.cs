using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;
using Xunit.Abstractions;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Hostile input, generated from a seed so a failure reproduces: malformed JSON, random bytes, huge
/// strings and arrays, deep nesting, invalid UTF-8, wrong types, odd content types, oversized and
/// malformed headers and tokens, path tricks. Every answer must be a 4xx (or a harmless read) in the
/// right dialect, never a 5xx or a hang, and the state must be unchanged afterwards.
/// </summary>
[Trait("Category", "Process")]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261128;
    private const int Requests = 3000;

    private static readonly string[] GraphPaths =
    [
        "/beta/admin/people/photoUpdateSettings", "/beta/admin/people/photoupdatesettings/$ref", "/v1.0/admin/people/photoUpdateSettings",
        "/beta/users/4b1d0000-0000-4000-8000-0000000000b1/photo/$value", "/v1.0/me/photo", "/beta/users/%2E%2E/photo",
        "/beta/admin/people/photoUpdateSettings/..%2F..%2F_emulator%2Fstate", "/beta/admin/../../_emulator/state", "/v1.0/users/%00/photo/$value",
        "/beta/" + new string('a', 3000),
        "/v1.0/admin/people/profileSources", "/beta/admin/people/profileSources(sourceId='%27%27')", "/v1.0/admin/people/profilePropertySettings/%00",
        "/beta/admin/people/profileCardProperties('x''y')", "/v1.0/admin/people/profileCardProperties/Fax", "/beta/admin/people/profileSources/$count",
    ];

    private static readonly string[] ControlPaths =
    [
        "/_emulator/tenants/4b1d0000-0000-4000-8000-000000000002", "/_emulator/tokens", "/_emulator/clock/advance", "/_emulator/state",
        "/_emulator/tenants/not-a-guid/clock/advance", "/_emulator/tenants/%2F/reset",
    ];

    [Fact]
    public async Task ThousandsOfMalformedRequestsGetA4xxInTheRightDialectAndChangeNothing()
    {
        await using var emulator = await EmulatorProcess.StartAsync(("Logging__LogLevel__Default", "Warning"));
        using var client = emulator.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var before = await client.GetStringAsync("/_emulator/state");
        var random = new Random(Seed);
        var statuses = new SortedDictionary<int, int>();
        var validToken = Tokens.Unsigned(Tokens.Claims(DateTimeOffset.UtcNow, DefaultTenants.HybridId,
            ("roles", new[] { "PeopleSettings.ReadWrite.All", "ProfilePhoto.ReadWrite.All" })));

        for (var i = 0; i < Requests; i++)
        {
            var graph = random.Next(3) > 0;
            var path = graph ? GraphPaths[random.Next(GraphPaths.Length)] : ControlPaths[random.Next(ControlPaths.Length)];
            // The control API has no tokens to get wrong, so it is sent no DELETE: one would legitimately succeed.
            var method = graph ? Pick(random, "PATCH", "POST", "PUT", "PATCH", "POST", "GET", "DELETE") : Pick(random, "PATCH", "POST", "PUT", "GET");
            var request = new HttpRequestMessage(new HttpMethod(method), path + Query(random, method));
            var (body, contentType) = Body(random);
            if (method is not ("GET" or "DELETE"))
            {
                request.Content = new ByteArrayContent(body);
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            // A valid token only where the request itself is malformed; DELETEs never carry one.
            var token = method == "DELETE" ? BadToken(random) : random.Next(2) == 0 ? validToken : BadToken(random);
            request.Headers.TryAddWithoutValidation("Authorization", token);
            if (random.Next(10) == 0)
            {
                request.Headers.TryAddWithoutValidation("client-request-id", new string('x', random.Next(1, 2000)));
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (TaskCanceledException)
            {
                Assert.Fail($"request {i} ({method} {path}) hung for 10 s");
                return;
            }

            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"request {i} ({method} {path}, seed {Seed}) answered {status}: {text}");
            if (status >= 400 && response.Headers.Contains("request-id"))
            {
                // HttpClient resolves "..", so the dialect follows the path that was really requested.
                AssertDialect(i, response.RequestMessage!.RequestUri!.AbsolutePath, response, text);
            }
        }

        foreach (var header in (string[])[new string('h', 64 * 1024), "bad header line without colon"])
        {
            var status = RawHeaderAttack(emulator.BaseAddress, header);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        Assert.All(statuses.Keys, s => Assert.True(s < 500, $"status {s}"));
        Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
        output.WriteLine($"{Requests} generated requests (seed {Seed}) plus 2 raw header attacks: " + string.Join(", ", statuses.Select(s => $"{s.Key}x{s.Value}")));
    }

    private static void AssertDialect(int i, string path, HttpResponseMessage response, string text)
    {
        using var document = JsonDocument.Parse(text);
        if (path.StartsWith("/_emulator", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(document.RootElement.TryGetProperty("status", out _), $"request {i}: control API answered without ProblemDetails: {text}");
        }
        else if (path.StartsWith("/beta", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/v1.0", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out _),
                $"request {i}: Graph surface answered {(int)response.StatusCode} without Graph's envelope: {text}");
        }
    }

    private static string Query(Random random, string method) => random.Next(6) switch
    {
        0 => "?$filter=" + Uri.EscapeDataString(new string('(', random.Next(1, 500))),
        1 => "?$select=" + new string('x', random.Next(1, 5000)),
        2 => "?$select=source&$select=id",
        3 when method != "DELETE" => "",
        _ => "?$top=" + random.Next(),
    };

    private static string BadToken(Random random) => random.Next(5) switch
    {
        0 => "Bearer " + new string('A', random.Next(1, 20000)),
        1 => "Bearer a.b.c",
        2 => "Bearer " + Convert.ToBase64String(RandomBytes(random, 200)),
        3 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass")),
        _ => "Bearer eyJhbGciOiJub25lIn0." + Convert.ToBase64String(RandomBytes(random, 50)) + ".",
    };

    private static (byte[] Body, string? ContentType) Body(Random random)
    {
        var type = Pick(random, "application/json", "application/json", "application/json; charset=utf-16", "text/plain", "image/png",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json;;;", null);
        byte[] body = random.Next(9) switch
        {
            0 => RandomBytes(random, random.Next(0, 4096)),
            1 => Encoding.UTF8.GetBytes("""{"source":""" + "\"" + new string('z', random.Next(1, 200_000)) + "\"}"),
            2 => Encoding.UTF8.GetBytes("""{"allowedRoles":[""" + string.Join(",", Enumerable.Repeat("\"x\"", random.Next(101, 20_000))) + "]}"),
            3 => Encoding.UTF8.GetBytes(new string('[', random.Next(65, 10_000)) + new string(']', random.Next(0, 100))),
            4 => [.. "{\"source\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8],
            5 => Encoding.UTF8.GetBytes("""{"source":12,"allowedRoles":{"a":1},"unknown":true}"""),
            6 => Mutate(random, Encoding.UTF8.GetBytes("""{"source":"cloud","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"],"extra":1}""")),
            7 => Encoding.UTF8.GetBytes("""{"displayName":123,"tenantId":[],"by":{"x":1},"tenants":"no","nope":1}"""),
            _ => Encoding.UTF8.GetBytes("""{"source":"onPremises","allowedRoles":["not-a-guid"],"@odata.type":"#microsoft.graph.user"}"""),
        };
        return (body, type);
    }

    /// <summary>Flips, drops and duplicates bytes of a body that is already invalid (it has an unknown property).</summary>
    private static byte[] Mutate(Random random, byte[] body)
    {
        var bytes = body.ToList();
        for (var m = random.Next(1, 6); m > 0 && bytes.Count > 1; m--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                default: bytes.Insert(at, bytes[random.Next(bytes.Count)]); break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Headers HttpClient will not send: straight onto the socket. Answers the status Kestrel gave.</summary>
    private static int RawHeaderAttack(Uri address, string header)
    {
        using var socket = new TcpClient(address.Host, address.Port);
        using var stream = socket.GetStream();
        stream.ReadTimeout = 10_000;
        var request = $"GET /beta/admin/people/photoUpdateSettings HTTP/1.1\r\nHost: {address.Authority}\r\nX-Evil: {header}\r\n{header}\r\n\r\n";
        stream.Write(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[256];
        var read = stream.Read(buffer);
        var line = Encoding.ASCII.GetString(buffer, 0, read);
        return int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];
}
