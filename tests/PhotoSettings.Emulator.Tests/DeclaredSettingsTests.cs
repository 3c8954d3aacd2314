using System.Net;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>GET /_emulator/settings: the declared settings as the console lists them, from the declarations and the options.</summary>
public sealed class DeclaredSettingsTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    [Fact]
    public async Task TheListNamesEveryDeclaredSettingWithItsVersionsPathsAndDocumentedDelay()
    {
        var client = (await shared.FreshAsync()).CreateClient();

        var response = await client.GetAsync("/_emulator/settings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await GraphAssert.JsonAsync(response);
        Assert.Equal(
            ["photoUpdateSettings", "pronouns", "namePronunciation", "itemInsights", "profileCardProperties", "profilePropertySettings", "profileSources"],
            list.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(
            """{"name":"pronouns","versions":["v1.0","beta"],"graphPaths":["/v1.0/admin/people/pronouns","/beta/admin/people/pronouns"],"delay":"PT7H","mode":"Fixed","timeline":"/_emulator/tenants/{tenantId}/settings/pronouns/timeline"}""",
            list[1].GetRawText());
        Assert.Equal("P1D", list[0].GetProperty("delay").GetString());
        Assert.Equal("beta", Assert.Single(list[2].GetProperty("versions").EnumerateArray()).GetString());
        Assert.Equal(
            """{"name":"profileCardProperties","versions":["v1.0","beta"],"graphPaths":["/v1.0/admin/people/profileCardProperties","/beta/admin/people/profileCardProperties"],"delay":"P1D","mode":"Fixed","timeline":"/_emulator/tenants/{tenantId}/settings/profileCardProperties/timeline"}""",
            list[4].GetRawText());
    }

    [Fact]
    public async Task ACollectionsConfiguredDelayIsTheOneListedAndItsChangesTakeIt()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:ProfileSources:Propagation:Delay", "PT2H");
        var client = emulator.CreateClient();

        var list = await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/settings"));
        Assert.Equal("PT2H", list.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "profileSources").GetProperty("delay").GetString());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/v1.0/admin/people/profileSources", EmulatorFactory.Json("""{"sourceId":"sap","displayName":"SAP"}"""))).StatusCode);

        var timeline = await emulator.GetSettingTimelineAsync(DefaultTenants.HybridId, "profileSources");
        Assert.Equal(timeline.Now + TimeSpan.FromHours(2), Assert.Single(timeline.Pending).EffectiveAt);
    }

    [Fact]
    public void ABadCollectionDelayStopsTheStartNamingItsSection()
    {
        using var emulator = new EmulatorFactory().With("Emulator:ProfileCardProperties:Propagation:Delay", "soon");

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("Emulator:ProfileCardProperties:Propagation:Delay 'soon' must be a duration", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachListedTimelinePathAnswersForATenant()
    {
        var client = (await shared.FreshAsync()).CreateClient();
        var list = await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/settings"));

        foreach (var setting in list.EnumerateArray())
        {
            var path = setting.GetProperty("timeline").GetString()!.Replace("{tenantId}", DefaultTenants.HybridId.ToString(), StringComparison.Ordinal);
            var timeline = await GraphAssert.JsonAsync(await client.GetAsync(path));
            Assert.Equal(setting.GetProperty("name").GetString(), timeline.GetProperty("setting").GetString());
            Assert.Equal(0, timeline.GetProperty("pendingTotal").GetInt32());
        }
    }

    [Fact]
    public async Task AConfiguredDelayAndModeAreTheOnesListed()
    {
        await using var emulator = new EmulatorFactory()
            .With("Emulator:Pronouns:Propagation:Delay", "01:30:00")
            .With("Emulator:Pronouns:Propagation:Mode", "Random");

        var list = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync("/_emulator/settings"));

        var pronouns = list.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "pronouns");
        Assert.Equal("PT1H30M", pronouns.GetProperty("delay").GetString());
        Assert.Equal("Random", pronouns.GetProperty("mode").GetString());
        Assert.Equal("P1D", list[0].GetProperty("delay").GetString());
    }
}
