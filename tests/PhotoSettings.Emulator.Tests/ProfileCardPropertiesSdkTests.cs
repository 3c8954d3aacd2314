using System.Net;
using System.Text.Json;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The Microsoft Graph .NET SDK's own v1.0 request builders for profile card properties
/// (<c>Admin.People.ProfileCardProperties</c> and its item builder), unpatched, as a tool that puts a custom attribute on
/// every profile card calls them: signed in as a People Administrator (Graph offers no application permission for
/// them). Each answer's exact bytes are kept below the SDK, so the tests see Graph's wire as well as the SDK's objects.
/// </summary>
public sealed class ProfileCardPropertiesSdkTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly Guid PeopleAdmin = DefaultTenants.UserId(Hybrid, 1);
    private const string Context = "http://localhost/v1.0/$metadata#admin/people/profileCardProperties";
    private const string CostCenter =
        """{"directoryPropertyName":"CustomAttribute1","annotations":[{"displayName":"Cost Center","localizations":[{"languageTag":"ru-RU","displayName":"центр затрат"}]}]}""";

    [Fact]
    public async Task TheSdkAddsAProfileCardPropertyWhichIsConfiguredAtOnceAndOnProfileCardsADayLater()
    {
        var emulator = await shared.FreshAsync();
        var (graph, wire) = GraphSdk.Recorded(emulator, emulator.UserToken(Hybrid, PeopleAdmin));

        var created = await graph.Admin.People.ProfileCardProperties.PostAsync(CostCenterProperty());

        Assert.Equal(HttpStatusCode.Created, wire.LastStatus);
        Assert.Equal("CustomAttribute1", created!.DirectoryPropertyName);
        Assert.Equal("центр затрат", Assert.Single(Assert.Single(created.Annotations!).Localizations!).DisplayName);
        Assert.Equal(Entity(CostCenter), Compact(wire.LastBody));
        var list = await graph.Admin.People.ProfileCardProperties.GetAsync();
        Assert.Equal("CustomAttribute1", Assert.Single(list!.Value!).DirectoryPropertyName);
        Assert.Equal($$"""{"@odata.context":"{{Context}}","value":[{{CostCenter}}]}""", Compact(wire.LastBody));

        var timeline = await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties");
        Assert.Equal($"[{CostCenter}]", Compact(timeline.Configured.GetRawText()));
        Assert.Equal("[]", Compact(timeline.Effective.GetRawText()));
        Assert.Equal(timeline.Now + TimeSpan.FromHours(24), Assert.Single(timeline.Pending).EffectiveAt);
        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal("[]", Compact((await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties")).Effective.GetRawText()));
        await emulator.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromSeconds(1));
        Assert.Equal($"[{CostCenter}]", Compact((await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties")).Effective.GetRawText()));
    }

    [Fact]
    public async Task TheSdkReadsRelabelsAndRemovesAPropertyByItsDirectoryPropertyName()
    {
        var emulator = await shared.FreshAsync();
        var (graph, wire) = GraphSdk.Recorded(emulator, emulator.UserToken(Hybrid, PeopleAdmin));
        await graph.Admin.People.ProfileCardProperties.PostAsync(CostCenterProperty());

        var read = await graph.Admin.People.ProfileCardProperties["CustomAttribute1"].GetAsync();
        Assert.Equal("Cost Center", Assert.Single(read!.Annotations!).DisplayName);
        Assert.Equal(Entity(CostCenter), Compact(wire.LastBody));

        var relabelled = await graph.Admin.People.ProfileCardProperties["CustomAttribute1"].PatchAsync(new ProfileCardProperty
        {
            Annotations = [new ProfileCardAnnotation { DisplayName = "Cost Centre", Localizations = [] }],
        });
        const string CostCentre = """{"directoryPropertyName":"CustomAttribute1","annotations":[{"displayName":"Cost Centre","localizations":[]}]}""";
        Assert.Equal(HttpStatusCode.OK, wire.LastStatus);
        Assert.Equal("Cost Centre", Assert.Single(relabelled!.Annotations!).DisplayName);
        Assert.Equal(Entity(CostCentre), Compact(wire.LastBody));

        await graph.Admin.People.ProfileCardProperties["CustomAttribute1"].DeleteAsync();
        Assert.Equal(HttpStatusCode.NoContent, wire.LastStatus);
        Assert.Equal("", wire.LastBody);
        Assert.Empty((await graph.Admin.People.ProfileCardProperties.GetAsync())!.Value!);
        var missing = await Assert.ThrowsAsync<ODataError>(() => graph.Admin.People.ProfileCardProperties["CustomAttribute1"].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.Contains("CustomAttribute1", missing.Error!.Message, StringComparison.Ordinal);

        var timeline = await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties");
        Assert.Equal("[]", Compact(timeline.Configured.GetRawText()));
        Assert.Equal(3, timeline.PendingTotal);
    }

    [Fact]
    public async Task AnAppOnlyTokenADuplicateAndAnUnknownDirectoryPropertySurfaceAsODataErrorsAndNothingChanges()
    {
        var emulator = await shared.FreshAsync();
        var (admin, _) = GraphSdk.Recorded(emulator, emulator.UserToken(Hybrid, PeopleAdmin));
        var (app, _) = GraphSdk.Recorded(emulator, emulator.AppToken(Hybrid));
        await admin.Admin.People.ProfileCardProperties.PostAsync(CostCenterProperty());

        var appOnly = await Assert.ThrowsAsync<ODataError>(() => app.Admin.People.ProfileCardProperties.PostAsync(
            new ProfileCardProperty { DirectoryPropertyName = "CustomAttribute2" }));
        var duplicate = await Assert.ThrowsAsync<ODataError>(() => admin.Admin.People.ProfileCardProperties.PostAsync(CostCenterProperty()));
        var unknown = await Assert.ThrowsAsync<ODataError>(() => admin.Admin.People.ProfileCardProperties.PostAsync(
            new ProfileCardProperty { DirectoryPropertyName = "EmployeeShoeSize" }));

        Assert.Equal(403, appOnly.ResponseStatusCode);
        Assert.Equal("Authorization_RequestDenied", appOnly.Error!.Code);
        Assert.Equal(409, duplicate.ResponseStatusCode);
        Assert.Contains("CustomAttribute1", duplicate.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(400, unknown.ResponseStatusCode);
        Assert.Contains("EmployeeShoeSize", unknown.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("CustomAttribute1", Assert.Single((await admin.Admin.People.ProfileCardProperties.GetAsync())!.Value!).DirectoryPropertyName);
        Assert.Equal(1, (await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties")).PendingTotal);
    }

    private static ProfileCardProperty CostCenterProperty() => new()
    {
        DirectoryPropertyName = "CustomAttribute1",
        Annotations =
        [
            new ProfileCardAnnotation
            {
                DisplayName = "Cost Center",
                Localizations = [new DisplayNameLocalization { LanguageTag = "ru-RU", DisplayName = "центр затрат" }],
            },
        ],
    };

    /// <summary>One item as GET, POST and PATCH answer it: its context names the entity in the collection.</summary>
    private static string Entity(string item) => Compact($$"""{"@odata.context":"{{Context}}/$entity",{{item[1..]}}""");

    /// <summary>The same JSON without insignificant white space, its strings unescaped as a reader sees them.</summary>
    private static string Compact(string json) => JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(json), Relaxed);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
