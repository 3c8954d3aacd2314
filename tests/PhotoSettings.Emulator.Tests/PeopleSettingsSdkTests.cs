using System.Net;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The Microsoft Graph .NET SDK's own v1.0 request builders (<c>Admin.People.Pronouns</c>, <c>Admin.People.ItemInsights</c>)
/// against the emulator, unpatched, as a tool that manages these settings calls them; beta-only namePronunciation through
/// the SDK's adapter. Each answer's exact bytes are kept by a handler below the SDK, so the tests see what Graph's wire
/// carried as well as what the SDK made of it.
/// </summary>
public sealed class PeopleSettingsSdkTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private const string Group = "0f5e0000-0000-4000-8000-00000000000a";

    [Fact]
    public async Task TheSdkReadsAndWritesPronounsWhichAreConfiguredAtOnceAndEffectiveSevenHoursLater()
    {
        var emulator = await shared.FreshAsync();
        var (graph, wire) = GraphSdk.Recorded(emulator, emulator.AppToken(Hybrid));

        var read = await graph.Admin.People.Pronouns.GetAsync();
        Assert.False(read!.IsEnabledInOrganization);
        Assert.Equal("""{"@odata.context":"http://localhost/v1.0/$metadata#admin/people/pronouns/$entity","isEnabledInOrganization":false}""", wire.LastBody);

        var written = await graph.Admin.People.Pronouns.PatchAsync(new PronounsSettings { IsEnabledInOrganization = true });

        Assert.True(written!.IsEnabledInOrganization);
        Assert.Equal(HttpStatusCode.OK, wire.LastStatus);
        Assert.Equal("""{"@odata.context":"http://localhost/v1.0/$metadata#admin/people/pronouns/$entity","isEnabledInOrganization":true}""", wire.LastBody);
        Assert.True((await graph.Admin.People.Pronouns.GetAsync())!.IsEnabledInOrganization);
        var timeline = await emulator.GetSettingTimelineAsync(Hybrid, "pronouns");
        Assert.Equal("""{"isEnabledInOrganization":true}""", timeline.Configured.GetRawText());
        Assert.Equal("""{"isEnabledInOrganization":false}""", timeline.Effective.GetRawText());
        Assert.Equal(timeline.Now + TimeSpan.FromHours(7), Assert.Single(timeline.Pending).EffectiveAt);

        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromHours(7) - TimeSpan.FromSeconds(1));
        Assert.Equal("""{"isEnabledInOrganization":false}""", (await emulator.GetSettingTimelineAsync(Hybrid, "pronouns")).Effective.GetRawText());
        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromSeconds(1));
        var after = await emulator.GetSettingTimelineAsync(Hybrid, "pronouns");
        Assert.Equal("""{"isEnabledInOrganization":true}""", after.Effective.GetRawText());
        Assert.Empty(after.Pending);
    }

    [Fact]
    public async Task TheSdkDisablesItemInsightsForAGroupAndTheChangeTakesEffectADayLater()
    {
        var emulator = await shared.FreshAsync();
        var (graph, wire) = GraphSdk.Recorded(emulator, emulator.AppToken(Hybrid));

        var read = await graph.Admin.People.ItemInsights.GetAsync();
        Assert.True(read!.IsEnabledInOrganization);
        Assert.Null(read.DisabledForGroup);

        var written = await graph.Admin.People.ItemInsights.PatchAsync(new InsightsSettings { DisabledForGroup = Group });

        Assert.True(written!.IsEnabledInOrganization);
        Assert.Equal(Group, written.DisabledForGroup);
        Assert.Equal($$"""{"@odata.context":"http://localhost/v1.0/$metadata#admin/people/itemInsights/$entity","isEnabledInOrganization":true,"disabledForGroup":"{{Group}}"}""", wire.LastBody);
        var timeline = await emulator.GetSettingTimelineAsync(Hybrid, "itemInsights");
        Assert.Equal($$"""{"isEnabledInOrganization":true,"disabledForGroup":"{{Group}}"}""", timeline.Configured.GetRawText());
        Assert.Equal("""{"isEnabledInOrganization":true,"disabledForGroup":null}""", timeline.Effective.GetRawText());

        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromHours(24));
        Assert.Equal(timeline.Configured.GetRawText(), (await emulator.GetSettingTimelineAsync(Hybrid, "itemInsights")).Effective.GetRawText());
    }

    [Fact]
    public async Task AReadOnlyTokenSurfacesAsAnODataError403AndPronounsStayAsTheyWere()
    {
        var emulator = await shared.FreshAsync();
        var (graph, _) = GraphSdk.Recorded(emulator, emulator.AppToken(Hybrid, ["PeopleSettings.Read.All"]));

        var error = await Assert.ThrowsAsync<ODataError>(() =>
            graph.Admin.People.Pronouns.PatchAsync(new PronounsSettings { IsEnabledInOrganization = true }));

        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("Authorization_RequestDenied", error.Error!.Code);
        Assert.False((await graph.Admin.People.Pronouns.GetAsync())!.IsEnabledInOrganization);
        Assert.Equal(0, (await emulator.GetSettingTimelineAsync(Hybrid, "pronouns")).PendingTotal);
    }

    [Fact]
    public async Task ABadValueSentThroughTheSdksAdapterSurfacesAsAnODataError400AndNothingChanges()
    {
        var emulator = await shared.FreshAsync();
        var (graph, _) = GraphSdk.Recorded(emulator, emulator.AppToken(Hybrid));
        var pronouns = new Uri(emulator.Server.BaseAddress, "/v1.0/admin/people/pronouns");

        var error = await Assert.ThrowsAsync<ODataError>(() =>
            GraphSdk.SendAsync(graph, Method.PATCH, pronouns, """{"isEnabledInOrganization":"yes"}"""));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("BadRequest", error.Error!.Code);
        Assert.Contains("'isEnabledInOrganization' must be true or false, not 'yes'", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await emulator.GetSettingTimelineAsync(Hybrid, "pronouns")).PendingTotal);
    }

    [Fact]
    public async Task NamePronunciationIsServedOnBetaThroughTheSdksAdapterAndNotOnV1()
    {
        var emulator = await shared.FreshAsync();
        var (graph, wire) = GraphSdk.Recorded(emulator, emulator.AppToken(Hybrid));

        var written = await GraphSdk.SendAsync(graph, Method.PATCH, new Uri(emulator.Server.BaseAddress, "/beta/admin/people/namePronunciation"),
            """{"@odata.type":"#microsoft.graph.namePronunciationSettings","isEnabledInOrganization":true}""");
        var missing = await Assert.ThrowsAsync<ODataError>(() =>
            GraphSdk.SendAsync(graph, Method.GET, new Uri(emulator.Server.BaseAddress, "/v1.0/admin/people/namePronunciation")));

        Assert.True(written.GetProperty("isEnabledInOrganization").GetBoolean());
        Assert.Equal(400, missing.ResponseStatusCode);
        Assert.Contains("Resource not found for the segment 'namePronunciation'", wire.LastBody, StringComparison.Ordinal);
        Assert.Equal(1, (await emulator.GetSettingTimelineAsync(Hybrid, "namePronunciation")).PendingTotal);
    }
}
