using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Every class of bad input: the Graph error a client sees (status, code, a message naming the
/// problem, innerError, headers), and a GET afterwards that shows nothing changed.
/// </summary>
public sealed class RejectionTests
{
    private const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    private const string Configured = $"""cloud|["{UserAdministrator}"]""";

    public static TheoryData<string, string, HttpStatusCode, string> BadBodies => new()
    {
        { "PATCH", """{"source":"unknownFutureValue"}""", HttpStatusCode.BadRequest, "unknownFutureValue" },
        { "PATCH", """{"source":"azure"}""", HttpStatusCode.BadRequest, "'azure' is not a valid value for 'source'" },
        { "PATCH", """{"source":1}""", HttpStatusCode.BadRequest, "'source' must be 'cloud', 'onPremises' or null, not a number" },
        { "PATCH", """{"source":""}""", HttpStatusCode.BadRequest, "'' is not a valid value for 'source'" },
        { "PATCH", """{"source":["cloud"]}""", HttpStatusCode.BadRequest, "not an array" },
        { "PATCH", """{"allowedRoles":"fe930be7-5e62-47db-91af-98c3a49a38b1"}""", HttpStatusCode.BadRequest, "'allowedRoles' must be an array of Entra role template ids, not a string" },
        { "PATCH", """{"allowedRoles":{}}""", HttpStatusCode.BadRequest, "not an object" },
        { "PATCH", """{"allowedRoles":[42]}""", HttpStatusCode.BadRequest, "allowedRoles[0] must be a string role template id, not a number" },
        { "PATCH", """{"allowedRoles":[null]}""", HttpStatusCode.BadRequest, "allowedRoles[0] must be a string role template id, not null" },
        { "PATCH", """{"allowedRoles":["User Administrator"]}""", HttpStatusCode.BadRequest, "allowedRoles[0] 'User Administrator' is not a role template id (a GUID)" },
        { "PATCH", """{"allowedRoles":["00000000-1111-2222-3333-444444444444"]}""", HttpStatusCode.BadRequest, "allowedRoles[0] '00000000-1111-2222-3333-444444444444' is neither an Entra built-in role template id nor a custom role" },
        { "PATCH", """{"source":"onPremises","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""", HttpStatusCode.BadRequest, "'allowedRoles' must be empty when 'source' is 'onPremises'" },
        // Merged with the stored roles, a bare switch to onPremises would restrict on-premises photos.
        { "PATCH", """{"source":"onPremises"}""", HttpStatusCode.BadRequest, "'allowedRoles' must be empty when 'source' is 'onPremises'" },
        { "PATCH", """{"@odata.type":"#microsoft.graph.user"}""", HttpStatusCode.BadRequest, "'@odata.type' must be '#microsoft.graph.photoUpdateSettings', not '#microsoft.graph.user'" },
        { "PATCH", """{"id":"someone-else"}""", HttpStatusCode.BadRequest, "'id' is read-only" },
        { "PATCH", """{"source":"cloud","blockAll":true}""", HttpStatusCode.BadRequest, "The property 'blockAll' does not exist on type 'microsoft.graph.photoUpdateSettings'" },
        { "PATCH", """{"source":"cloud",}""", HttpStatusCode.BadRequest, "not valid JSON" },
        { "PATCH", """{"source":"cloud""", HttpStatusCode.BadRequest, "not valid JSON" },
        { "PATCH", "", HttpStatusCode.BadRequest, "The request body is empty" },
        { "PATCH", "   ", HttpStatusCode.BadRequest, "The request body is empty" },
        { "PATCH", """[{"source":"cloud"}]""", HttpStatusCode.BadRequest, "must be a JSON object, not an array" },
        { "PATCH", "\"cloud\"", HttpStatusCode.BadRequest, "must be a JSON object, not a string" },
        { "PATCH", """{"source":"cloud","source":"onPremises"}""", HttpStatusCode.BadRequest, "Duplicate property 'source'" },
        { "PATCH", """{"source":"cloud","Source":"onPremises"}""", HttpStatusCode.BadRequest, "'Source' appears more than once" },
        { "POST", """{"source":"azure"}""", HttpStatusCode.BadRequest, "'azure' is not a valid value for 'source'" },
        { "POST", """{"source":"onPremises","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""", HttpStatusCode.BadRequest, "must be empty when 'source' is 'onPremises'" },
        { "POST", "[]", HttpStatusCode.BadRequest, "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIsRefusedAndChangesNothing(string method, string body, HttpStatusCode status, string fragment)
    {
        await using var emulator = await ConfiguredEmulatorAsync();

        var response = await emulator.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), EmulatorFactory.SettingsPath)
        {
            Content = EmulatorFactory.Json(body),
        });

        await GraphAssert.ErrorAsync(response, status, "BadRequest", emulator.Time.GetUtcNow(), fragment);
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task EveryProblemOfABodyIsListedInDetailsWithItsTarget()
    {
        await using var emulator = await ConfiguredEmulatorAsync();

        var response = await emulator.PatchAsync("""{"source":"azure","allowedRoles":["x",7],"extra":1}""");

        var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow());
        var targets = error.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("target").GetString()!).ToArray();
        Assert.Equal(["extra", "source", "allowedRoles[0]", "allowedRoles[1]"], targets);
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task MoreThanAHundredRolesAreRefused()
    {
        await using var emulator = await ConfiguredEmulatorAsync();
        var roles = string.Join(",", Enumerable.Repeat($"\"{UserAdministrator}\"", 101));

        var response = await emulator.PatchAsync($$"""{"allowedRoles":[{{roles}}]}""");

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "'allowedRoles' has 101 entries; at most 100");
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=utf-16")]
    public async Task ANonJsonContentTypeIsRefusedWith415(string contentType)
    {
        await using var emulator = await ConfiguredEmulatorAsync();
        var content = new ByteArrayContent("""{"source":"cloud","allowedRoles":[]}"""u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await emulator.CreateClient().PatchAsync(EmulatorFactory.SettingsPath, content);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", emulator.Time.GetUtcNow(), contentType.Split(';')[0]);
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOver64KiBIsRefusedWith413WithOrWithoutAContentLength(bool sendLength)
    {
        await using var emulator = await ConfiguredEmulatorAsync();
        var json = $$"""{"source":"cloud","allowedRoles":[],"padding":"{{new string('x', 64 * 1024)}}"}""";
        HttpContent content = sendLength
            ? EmulatorFactory.Json(json)
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await emulator.CreateClient().PatchAsync(EmulatorFactory.SettingsPath, content);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", emulator.Time.GetUtcNow(), "64 KiB");
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task InvalidUtf8IsRefused()
    {
        await using var emulator = await ConfiguredEmulatorAsync();
        var content = new ByteArrayContent([.. "{\"source\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await emulator.CreateClient().PatchAsync(EmulatorFactory.SettingsPath, content);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "not valid UTF-8");
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    [Fact]
    public async Task DeeplyNestedJsonIsRefused()
    {
        await using var emulator = await ConfiguredEmulatorAsync();
        var json = "{\"source\":" + new string('[', 500) + new string(']', 500) + "}";

        var response = await emulator.PatchAsync(json);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "not valid JSON");
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    [Theory]
    [InlineData("GET", "$filter=source eq 'cloud'", "'$filter' is not supported")]
    [InlineData("GET", "$top=1", "'$top' is not supported")]
    [InlineData("GET", "expand=x", "'$expand' is not supported")]
    [InlineData("GET", "$select=blocked", "Could not find a property named 'blocked' on type 'microsoft.graph.photoUpdateSettings'")]
    [InlineData("GET", "$select=source&$select=id", "'$select' was specified more than once")]
    [InlineData("GET", "$select=", "'$select' has no value")]
    [InlineData("GET", "$select=source,,id", "'$select' has an empty item")]
    [InlineData("PATCH", "$count=true", "'$count' is not supported")]
    [InlineData("DELETE", "$top=1", "'$top' is not supported")]
    public async Task AnUnsupportedQueryOptionIsRefusedByNameAndChangesNothing(string method, string query, string fragment)
    {
        await using var emulator = await ConfiguredEmulatorAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), EmulatorFactory.SettingsPath + "?" + query);
        if (method == "PATCH")
        {
            request.Content = EmulatorFactory.Json("""{"allowedRoles":[]}""");
        }

        var response = await emulator.CreateClient().SendAsync(request);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), fragment);
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
    }

    private static async Task<EmulatorFactory> ConfiguredEmulatorAsync()
    {
        var emulator = new EmulatorFactory();
        var response = await emulator.PatchAsync($$"""{"source":"cloud","allowedRoles":["{{UserAdministrator}}"]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Configured, await emulator.SettingsFingerprintAsync());
        return emulator;
    }
}
