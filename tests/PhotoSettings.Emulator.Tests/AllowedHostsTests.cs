using System.Net;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Emulator:AllowedHosts and what the listen addresses add to it: a name the user allows is served, a bad entry stops
/// the start naming it, and <c>*</c> serves any Host (and gives up the rebinding guard, as documented).
/// </summary>
public sealed class AllowedHostsTests
{
    [Fact]
    public async Task ANameInAllowedHostsIsServedOnAnyPortAndOthersStayRefused()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:AllowedHosts:0", "emulator.test");

        var allowed = await GetStateAsync(emulator, "emulator.test:9999");
        var refused = await GetStateAsync(emulator, "other.test");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("'other.test'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHttpsHostNamesAreServedToo()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Https:Hosts:0", "dev.emulator.test");

        var answer = await GetStateAsync(emulator, "dev.emulator.test:5081");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task AStarServesAnyHost()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:AllowedHosts:0", "*");

        var answer = await GetStateAsync(emulator, "rebind.test");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Theory]
    [InlineData("http://emulator.test")]
    [InlineData("emulator.test:5080")]
    [InlineData("*.example")]
    [InlineData(" ")]
    public void AnEntryThatIsNotAHostNameStopsTheStartNamingIt(string entry)
    {
        using var emulator = new EmulatorFactory().With("Emulator:AllowedHosts:0", entry);

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("Emulator:AllowedHosts", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACrossSitePatchIsRefusedInGraphsWordsNamingTheSite()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Auth:Mode", "Off");
        var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, EmulatorFactory.SettingsPath) { Content = EmulatorFactory.Json("""{"allowedRoles":[]}""") };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var answer = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        var body = await GraphAssert.JsonAsync(answer);
        Assert.Equal("Forbidden", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("cross-site", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetStateAsync(EmulatorFactory emulator, string host)
    {
        var client = emulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_emulator/faults");
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }
}
