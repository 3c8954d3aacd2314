using System.Text;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The control API's OpenAPI document against its answers: every route is called for its success and for
/// a refusal it can give, and each status it answers must be one the document declares for that operation.
/// </summary>
public sealed class ControlOpenApiTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly string Nobody = Guid.Empty.ToString();

    // The document is made from the routes, the same in every emulator of this build, and making it was most of each
    // case's cost (2 s a case on a loaded machine, 86 s of the fast loop): it is read once, from an emulator of its own.
    private static readonly Lazy<Task<System.Text.Json.JsonElement>> ControlDocument = new(async () =>
    {
        await using var emulator = new EmulatorFactory();
        return await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/control.json"));
    });

    /// <summary>(method, path, body, the status it must answer, the documented path template).</summary>
    public static TheoryData<string, string, string?, int, string> Calls() => new()
    {
        { "GET", "/_emulator/tenants", null, 200, "/_emulator/tenants" },
        { "GET", $"/_emulator/tenants/{Hybrid}", null, 200, "/_emulator/tenants/{tenantId}" },
        { "GET", $"/_emulator/tenants/{Nobody}", null, 404, "/_emulator/tenants/{tenantId}" },
        { "PUT", "/_emulator/tenants/7e57e57e-0000-4000-8000-000000000001", """{"displayName":"New","identityModel":"cloudOnly"}""", 201, "/_emulator/tenants/{tenantId}" },
        { "PUT", $"/_emulator/tenants/{Hybrid}", """{"displayName":"Renamed","identityModel":"hybrid"}""", 200, "/_emulator/tenants/{tenantId}" },
        { "PUT", $"/_emulator/tenants/{Hybrid}", """{"identityModel":"sideways"}""", 400, "/_emulator/tenants/{tenantId}" },
        { "DELETE", $"/_emulator/tenants/{DefaultTenants.CloudOnlyId}", null, 204, "/_emulator/tenants/{tenantId}" },
        { "DELETE", $"/_emulator/tenants/{Nobody}", null, 404, "/_emulator/tenants/{tenantId}" },
        { "POST", $"/_emulator/tenants/{Hybrid}/reset", null, 204, "/_emulator/tenants/{tenantId}/reset" },
        { "POST", $"/_emulator/tenants/{Nobody}/reset", null, 404, "/_emulator/tenants/{tenantId}/reset" },
        { "GET", $"/_emulator/tenants/{Hybrid}/clock", null, 200, "/_emulator/tenants/{tenantId}/clock" },
        { "GET", $"/_emulator/tenants/{Nobody}/clock", null, 404, "/_emulator/tenants/{tenantId}/clock" },
        { "POST", $"/_emulator/tenants/{Hybrid}/clock/advance", """{"by":"PT1H"}""", 200, "/_emulator/tenants/{tenantId}/clock/advance" },
        { "POST", $"/_emulator/tenants/{Hybrid}/clock/advance", """{"by":"soon"}""", 400, "/_emulator/tenants/{tenantId}/clock/advance" },
        { "POST", $"/_emulator/tenants/{Nobody}/clock/advance", """{"by":"PT1H"}""", 404, "/_emulator/tenants/{tenantId}/clock/advance" },
        { "GET", $"/_emulator/tenants/{Hybrid}/photoUpdateSettings", null, 200, "/_emulator/tenants/{tenantId}/photoUpdateSettings" },
        { "GET", $"/_emulator/tenants/{Hybrid}/photoUpdateSettings?limit=0", null, 400, "/_emulator/tenants/{tenantId}/photoUpdateSettings" },
        { "GET", $"/_emulator/tenants/{Nobody}/photoUpdateSettings", null, 404, "/_emulator/tenants/{tenantId}/photoUpdateSettings" },
        { "GET", "/_emulator/settings", null, 200, "/_emulator/settings" },
        { "GET", $"/_emulator/tenants/{Hybrid}/photoAccess", null, 200, "/_emulator/tenants/{tenantId}/photoAccess" },
        { "GET", $"/_emulator/tenants/{Nobody}/photoAccess", null, 404, "/_emulator/tenants/{tenantId}/photoAccess" },
        { "POST", "/_emulator/tokens", $$"""{"tenantId":"{{Hybrid}}"}""", 200, "/_emulator/tokens" },
        { "POST", "/_emulator/tokens", """{"tenantId":"nope"}""", 400, "/_emulator/tokens" },
        { "GET", "/_emulator/certificate", null, 404, "/_emulator/certificate" },
        { "GET", "/_emulator/state", null, 200, "/_emulator/state" },
        { "PUT", "/_emulator/state", """{"version":99,"tenants":[]}""", 400, "/_emulator/state" },
        { "POST", "/_emulator/reset", null, 204, "/_emulator/reset" },
        { "GET", "/_emulator/clock", null, 200, "/_emulator/clock" },
        { "POST", "/_emulator/clock/advance", """{"by":"PT1H"}""", 200, "/_emulator/clock/advance" },
        { "POST", "/_emulator/clock/advance", """{"by":"-PT1H"}""", 400, "/_emulator/clock/advance" },
        { "POST", "/_emulator/faults", """{"path":"/beta/*","status":503,"count":1}""", 201, "/_emulator/faults" },
        { "POST", "/_emulator/faults", """{"status":200}""", 400, "/_emulator/faults" },
        { "GET", "/_emulator/faults", null, 200, "/_emulator/faults" },
        { "DELETE", "/_emulator/faults", null, 204, "/_emulator/faults" },
        { "DELETE", $"/_emulator/faults/{Nobody}", null, 404, "/_emulator/faults/{id}" },
        { "GET", "/_emulator/requests", null, 200, "/_emulator/requests" },
        { "GET", "/_emulator/requests?status=abc", null, 400, "/_emulator/requests" },
        { "DELETE", "/_emulator/requests", null, 204, "/_emulator/requests" },
        { "POST", $"/{Hybrid}/oauth2/v2.0/token", "grant_type=client_credentials", 400, "/{tenantId}/oauth2/v2.0/token" },
        { "GET", $"/{Hybrid}/v2.0/.well-known/openid-configuration", null, 200, "/{tenantId}/v2.0/.well-known/openid-configuration" },
        { "GET", $"/{Nobody}/v2.0/.well-known/openid-configuration", null, 400, "/{tenantId}/v2.0/.well-known/openid-configuration" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task EveryControlAnswerIsAStatusTheDocumentDeclares(string method, string path, string? body, int status, string template)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var document = await ControlDocument.Value;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "application/x-www-form-urlencoded");
        }

        var response = await client.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var declared = document.GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant()).GetProperty("responses");
        Assert.True(declared.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _),
            $"{method} {template} answers {status}, but the document declares only {string.Join(", ", declared.EnumerateObject().Select(r => r.Name))}");
    }

    [Fact]
    public async Task EveryControlRouteDeclaresTheUnauthorizedAnswerOfTheApiKey()
    {
        var document = await ControlDocument.Value;

        var control = document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/_emulator", StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(control);
        Assert.All(control.SelectMany(p => p.Value.EnumerateObject().Select(op => (p.Name, op))), route =>
            Assert.True(route.op.Value.GetProperty("responses").TryGetProperty("401", out _), $"{route.op.Name} {route.Name}"));
    }
}
