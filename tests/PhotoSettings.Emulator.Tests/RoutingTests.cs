using System.Net;

namespace PhotoSettings.Emulator.Tests;

/// <summary>What a client meets off the happy path: wrong methods, unknown segments, unknown paths.</summary>
public sealed class RoutingTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    [Theory]
    [InlineData("PUT", EmulatorFactory.SettingsPath, "DELETE, GET, PATCH, POST")]
    [InlineData("OPTIONS", "/beta/admin/people/PHOTOUPDATESETTINGS", "DELETE, GET, PATCH, POST")]
    [InlineData("GET", EmulatorFactory.SettingsPath + "/$ref", "DELETE")]
    [InlineData("PATCH", EmulatorFactory.SettingsPath + "/$ref", "DELETE")]
    public async Task AWrongMethodIs405WithAllowInGraphsEnvelope(string method, string path, string allow)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "notSupported", emulator.Time.GetUtcNow(), $"'{method}'");
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("/v1.0/admin/people/photoUpdateSettings", "photoUpdateSettings")]
    [InlineData("/beta/admin/peeple/photoUpdateSettings", "peeple")]
    [InlineData("/beta/admin/people/photoUpdateSettings/extra", "extra")]
    [InlineData("/beta/organization", "organization")]
    [InlineData("/v1.0/whatever/else", "whatever")]
    public async Task AnUnknownGraphSegmentIs400NamingTheSegment(string path, string segment)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync(path);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(),
            $"Resource not found for the segment '{segment}'.");
    }

    [Fact]
    public async Task AGraphContainerTheEmulatorDoesNotServeIs404()
    {
        var emulator = await shared.FreshAsync();

        // Issue 28 serves /admin/people (peopleAdminSettings); /admin is still a container the emulator does not serve.
        var response = await emulator.CreateClient().GetAsync("/beta/admin");

        await GraphAssert.ErrorAsync(response, HttpStatusCode.NotFound, "itemNotFound", emulator.Time.GetUtcNow(),
            "/beta/admin/people/photoUpdateSettings");
    }

    [Fact]
    public async Task APathOutsideGraphIs404InGraphsEnvelope()
    {
        var emulator = await shared.FreshAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/nothing/here");
        request.Headers.Add("client-request-id", "abc");

        var response = await emulator.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        GraphAssert.Ids(response, "abc");
        var body = await GraphAssert.JsonAsync(response);
        Assert.Equal("itemNotFound", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("/nothing/here", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task AnUnknownControlPathIs404ProblemDetails()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync("/_emulator/nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        GraphAssert.Ids(response);
        var body = await GraphAssert.JsonAsync(response);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task HealthzAnswersHealthy()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
