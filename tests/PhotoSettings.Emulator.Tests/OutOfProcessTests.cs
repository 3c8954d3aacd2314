using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The emulator as a separate process, driven only over HTTP through the control API: the way a
/// CI pipeline uses the container. Time moves only by the control API's clock.
/// </summary>
[Trait("Category", "Process")]
public sealed class OutOfProcessTests
{
    private const string Hybrid = "4b1d0000-0000-4000-8000-000000000002";

    [Fact]
    public async Task TheGuidesTwentyFourHourScenarioPlaysOutThroughTheControlApi()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        using var control = emulator.CreateClient();
        var admin = await ClientForAsync(emulator, "pat@contosohybrid.onmicrosoft.com");
        var nora = await ClientForAsync(emulator, "nora@contosohybrid.onmicrosoft.com");
        var uma = await ClientForAsync(emulator, "uma@contosohybrid.onmicrosoft.com");

        var block = await admin.PatchAsync("/beta/admin/people/photoupdatesettings",
            EmulatorFactory.Json($$"""{"source":"cloud","allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}"""));
        Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nora.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        await AdvanceAsync(control, $"/_emulator/tenants/{Hybrid}/clock/advance", "PT23H59M59S");
        Assert.Equal(HttpStatusCode.OK, (await nora.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Png64x40, "image/png"))).StatusCode);
        var pending = await JsonAsync(await control.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
        Assert.Single(pending.GetProperty("pending").EnumerateArray());

        await AdvanceAsync(control, $"/_emulator/tenants/{Hybrid}/clock/advance", "PT1S");
        var refused = await nora.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("accessDenied", (await JsonAsync(refused)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await uma.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        var timeline = await JsonAsync(await control.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
        Assert.Equal($"""["{RoleCatalog.UserAdministrator}"]""", timeline.GetProperty("effective").GetProperty("allowedRoles").GetRawText());
        Assert.Empty(timeline.GetProperty("pending").EnumerateArray());
        // Nora's last accepted photo (the PNG) is still hers.
        Assert.Equal(Photos.Png64x40, await (await nora.GetAsync("/beta/me/photo/$value")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task TheEmulatorWideClockMovesEveryTenantAndTheTenantClockOnlyItsOwn()
    {
        await using var emulator = await EmulatorProcess.StartAsync();
        using var control = emulator.CreateClient();
        var cloud = "c10d0000-0000-4000-8000-000000000001";

        var global = await AdvanceAsync(control, "/_emulator/clock/advance", "P2D");
        var tenant = await AdvanceAsync(control, $"/_emulator/tenants/{cloud}/clock/advance", "PT1H");

        var hybridNow = (await JsonAsync(await control.GetAsync($"/_emulator/tenants/{Hybrid}/clock"))).GetProperty("now").GetDateTimeOffset();
        var cloudNow = tenant.GetProperty("now").GetDateTimeOffset();
        Assert.Equal("P2D", global.GetProperty("offset").GetString());
        Assert.Equal("PT1H", tenant.GetProperty("offset").GetString());
        Assert.InRange(cloudNow - hybridNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.True(hybridNow > DateTimeOffset.UtcNow.AddDays(1.9), $"hybrid tenant's now {hybridNow} has not moved two days");
    }

    private static async Task<HttpClient> ClientForAsync(EmulatorProcess emulator, string user)
    {
        using var control = emulator.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/_emulator/tokens")
        {
            Content = EmulatorFactory.Json(JsonSerializer.Serialize(new { tenantId = Hybrid, userId = user })),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        var response = await control.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var client = emulator.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await response.Content.ReadAsStringAsync());
        return client;
    }

    private static async Task<JsonElement> AdvanceAsync(HttpClient control, string path, string by)
    {
        var response = await control.PostAsync(path, EmulatorFactory.Json(JsonSerializer.Serialize(new { by })));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private static Task<JsonElement> JsonAsync(HttpResponseMessage response) => GraphAssert.JsonAsync(response);
}
