using System.Net;

namespace PhotoSettings.Emulator.Tests;

public sealed class OpenApiTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    [Fact]
    public async Task TheDocumentDescribesTheRoutesAndNamesTheSchemaAfterGraphsType()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await GraphAssert.JsonAsync(response);
        var path = document.GetProperty("paths").GetProperty("/beta/admin/people/photoUpdateSettings");
        Assert.Equal(["get", "patch", "post", "delete"], path.EnumerateObject().Select(p => p.Name).Where(n => n is "get" or "patch" or "post" or "delete"));
        Assert.True(document.GetProperty("paths").TryGetProperty("/beta/admin/people/photoUpdateSettings/$ref", out _));
        Assert.Equal(
            "#/components/schemas/microsoft.graph.photoUpdateSettings",
            path.GetProperty("patch").GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
                .GetProperty("schema").GetProperty("$ref").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("microsoft.graph.photoUpdateSettings").GetProperty("properties").TryGetProperty("allowedRoles", out _));
        var source = schemas.GetProperty("microsoft.graph.photoUpdateSource");
        Assert.Equal(["cloud", "onPremises", "unknownFutureValue"], source.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!));
        Assert.False(document.GetProperty("paths").EnumerateObject().Any(p => p.Name.Contains("**")), "fallback routes are not documented");
    }

    [Fact]
    public async Task TheControlDocumentDescribesTheTimelinesPagesAsIntegersAndItsCounts()
    {
        var emulator = await shared.FreshAsync();

        var document = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/openapi/control.json"));

        var get = document.GetProperty("paths").GetProperty("/_emulator/tenants/{tenantId}/photoUpdateSettings").GetProperty("get");
        var query = get.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").ToArray();
        Assert.Equal(["skip", "limit"], query.Select(p => p.GetProperty("name").GetString()));
        Assert.All(query, p => Assert.Equal("integer", p.GetProperty("schema").GetProperty("type").GetString()));
        var timeline = document.GetProperty("components").GetProperty("schemas").GetProperty("SettingsTimeline").GetProperty("properties");
        Assert.True(timeline.TryGetProperty("pendingTotal", out _));
        Assert.True(timeline.TryGetProperty("superseded", out _));
        Assert.True(timeline.TryGetProperty("next", out _));
    }

    [Fact]
    public async Task SwaggerUiAnswersAtSwagger()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync("/swagger");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BothCanBeSwitchedOffInConfiguration()
    {
        await using var emulator = new EmulatorFactory()
            .With("Emulator:OpenApi:Enabled", "false")
            .With("Emulator:OpenApi:SwaggerUi", "false");
        var client = emulator.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/swagger/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(EmulatorFactory.SettingsPath)).StatusCode);
    }

    [Fact]
    public void SwaggerUiWithoutTheDocumentStopsTheStartWithAClearMessage()
    {
        using var emulator = new EmulatorFactory().With("Emulator:OpenApi:Enabled", "false");

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("Emulator:OpenApi:SwaggerUi=true needs Emulator:OpenApi:Enabled=true", error.ToString());
    }
}
