using System.Text;
using System.Text.Json;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Every operation of both OpenAPI documents, called the ways any route can be refused (a foreign Host, another site's
/// write, a control body without a Content-Type, a malformed client-request-id, no credentials, an oversized
/// Authorization, a malformed body): each status it answers must be one its operation declares.
/// The documents are read, not listed here, so a new route is held to this without a line of this test changing.
/// </summary>
public sealed class OpenApiStatusTests
{
    private const string ControlKey = "status-test-key";

    public static TheoryData<string> Documents() => new() { "/openapi/v1.json", "/openapi/control.json" };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task EveryRefusalAnOperationAnswersIsAStatusItsDocumentDeclares(string documentPath)
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Control:ApiKey", ControlKey);
        var client = emulator.CreateClient();
        client.DefaultRequestHeaders.Add("X-Emulator-Key", ControlKey);
        var anonymous = emulator.ClientWith(null);
        anonymous.DefaultRequestHeaders.Add("X-Emulator-Key", ControlKey);
        var document = await GraphAssert.JsonAsync(await client.GetAsync(documentPath));
        var undeclared = new List<string>();
        var operations = 0;

        foreach (var (template, method, operation) in Operations(document))
        {
            operations++;
            var path = Fill(template);
            var declared = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();

            async Task Check(string how, int? expected, Action<HttpRequestMessage> shape, HttpClient? sender = null)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
                shape(request);
                var response = await (sender ?? client).SendAsync(request);
                var status = (int)response.StatusCode;
                if (expected is { } want && status != want)
                {
                    undeclared.Add($"{method.ToUpperInvariant()} {template} with {how} answered {status}, not {want}");
                }
                else if (!declared.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    undeclared.Add($"{method.ToUpperInvariant()} {template} with {how} answers {status}, but declares only {string.Join(", ", declared)}");
                }
            }

            await Check("a foreign Host", 403, r => r.Headers.Host = "rebind.example");
            if (method is not "get")
            {
                await Check("another site's Sec-Fetch-Site", 403, r => r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site"));
            }

            await Check("a malformed client-request-id", 400, r => r.Headers.TryAddWithoutValidation("client-request-id", "caf\u00e9"));
            if (template.StartsWith("/_emulator", StringComparison.Ordinal))
            {
                await Check("no control key", 401, r => r.Headers.Add("X-Emulator-Key", "wrong"));
            }
            else if (template.StartsWith("/beta", StringComparison.Ordinal) || template.StartsWith("/v1.0", StringComparison.Ordinal))
            {
                await Check("no token", 401, _ => { }, anonymous);
                await Check("an oversized Authorization", 401, r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', AccessTokenReader.MaxAuthorizationLength)), anonymous);
            }

            if (operation.TryGetProperty("requestBody", out var body))
            {
                var mediaType = body.GetProperty("content").EnumerateObject().First().Name;
                if (template.StartsWith("/_emulator", StringComparison.Ordinal))
                {
                    await Check("a body without a Content-Type", 415, r => r.Content = new ByteArrayContent("{}"u8.ToArray()));
                }

                await Check($"a malformed {mediaType} body", null, r => r.Content = new StringContent("{\"unterminated", Encoding.UTF8, mediaType.Contains('*') ? "application/octet-stream" : mediaType));
            }
        }

        Assert.True(operations > 3, $"{documentPath} lists only {operations} operations");
        Assert.True(undeclared.Count == 0, string.Join("\n", undeclared));
    }

    private static IEnumerable<(string Template, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "put" or "post" or "patch" or "delete")
            .Select(op => (path.Name, op.Name, op.Value)));

    /// <summary>A path template with its parameters filled: a tenant the emulator holds, a size Graph serves, a name for the rest.</summary>
    private static string Fill(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "{([^}]+)}", m =>
            m.Groups[1].Value.Contains("tenant", StringComparison.OrdinalIgnoreCase) ? DefaultTenants.HybridId.ToString()
            : m.Groups[1].Value.Contains("size", StringComparison.OrdinalIgnoreCase) ? "48x48"
            : "someone");
}
