using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The people collections in the state document, the tenants file and SQLite: each value is the collection's items as a JSON array.</summary>
public sealed class PeopleCollectionsStateTests : IDisposable
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private readonly string _folder = Directory.CreateTempSubdirectory("photosettings-collections-").FullName;

    private string DatabasePath => Path.Combine(_folder, "state.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private EmulatorFactory Sqlite() => new EmulatorFactory()
        .With("Emulator:Storage:Provider", "Sqlite")
        .With("Emulator:Storage:Path", DatabasePath);

    /// <summary>One item in each collection, the lists as Graph answers them after.</summary>
    private static async Task<string[]> PostOneOfEachAsync(EmulatorFactory emulator)
    {
        var client = PeopleCollectionsTests.Admin(emulator);
        foreach (var sample in new[] { PeopleCollectionsTests.Cards, PeopleCollectionsTests.Settings, PeopleCollectionsTests.Sources })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/beta/admin/people/{sample.Name}", EmulatorFactory.Json(sample.Post))).StatusCode);
        }

        return await ListsAsync(emulator);
    }

    private static async Task<string[]> ListsAsync(EmulatorFactory emulator)
    {
        var client = PeopleCollectionsTests.Admin(emulator);
        return [.. await Task.WhenAll(new[] { "profileCardProperties", "profilePropertySettings", "profileSources" }
            .Select(name => client.GetStringAsync($"/beta/admin/people/{name}")))];
    }

    [Fact]
    public async Task AnExportCarriesEachCollectionAsAnArrayAndImportsBackWithItsIdsAndPendingChange()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var lists = await PostOneOfEachAsync(emulator);
        var exported = await client.GetStringAsync("/_emulator/state");
        var tenant = JsonNode.Parse(exported)!["tenants"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == Hybrid.ToString())!;
        Assert.Equal("CustomAttribute1", tenant["settings"]!["profileCardProperties"]!["versions"]![0]!["settings"]![0]!["directoryPropertyName"]!.GetValue<string>());
        Assert.Equal("workday", tenant["settings"]!["profileSources"]!["versions"]![0]!["settings"]![0]!["sourceId"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/_emulator/reset", null)).StatusCode);
        Assert.Equal("[]", (await emulator.GetSettingTimelineAsync(Hybrid, "profileSources")).Configured.GetRawText());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/_emulator/state", EmulatorFactory.Json(exported))).StatusCode);

        Assert.Equal(exported, await client.GetStringAsync("/_emulator/state"));
        Assert.Equal(lists, await ListsAsync(emulator));
        var cards = await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties");
        Assert.Equal("[]", cards.Effective.GetRawText());
        Assert.Equal(1, cards.PendingTotal);
    }

    [Theory]
    [InlineData("profileCardProperties", """[{"directoryPropertyName":"Fax"},{"directoryPropertyName":"fax"}]""", "settings.profileCardProperties.versions[0].settings: [1]: A profile card property for 'Fax' already exists")]
    [InlineData("profileCardProperties", """[{"directoryPropertyName":"ShoeSize"}]""", "settings.profileCardProperties.versions[0].settings: [0]: 'ShoeSize' is not a directory property")]
    [InlineData("profileCardProperties", """{"directoryPropertyName":"Fax"}""", "settings.profileCardProperties.versions[0].settings: must be a JSON array, not an object")]
    [InlineData("profileSources", """[{"sourceId":"a","displayName":"A"},{"sourceId":"A","displayName":"B"}]""", "[1]: A profile source with sourceId 'A' already exists")]
    [InlineData("profileSources", """[{"id":"x","sourceId":"a","displayName":"A"}]""", "[0]: 'id' must be a GUID string")]
    [InlineData("profileSources", """[{"id":"0b0b0000-0000-4000-8000-000000000001","sourceId":"a","displayName":"A"},{"id":"0B0B0000-0000-4000-8000-000000000001","sourceId":"b","displayName":"B"}]""", "[1]: A profileSource with id '0b0b0000-0000-4000-8000-000000000001' already exists")]
    [InlineData("profilePropertySettings", """[{"prioritizedSourceUrls":[]},{"displayName":"Second"}]""", "[1]: Only one profile property setting without a name is allowed")]
    [InlineData("profilePropertySettings", """[1]""", "[0]: must be a microsoft.graph.profilePropertySetting object, not a number")]
    public async Task AnImportedCollectionIsJudgedAsPostsOfItsItemsAndNothingChanges(string name, string items, string expected)
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var before = await client.GetStringAsync("/_emulator/state");
        var document = JsonNode.Parse(before)!.AsObject();
        document["tenants"]![0]!["settings"] = JsonNode.Parse($$$"""{"{{{name}}}":{"versions":[{"settings":{{{items}}},"requestedAt":"2026-01-01T00:00:00Z","effectiveAt":"2026-01-02T00:00:00Z"}]}}""");

        var response = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(document.ToJsonString()));

        var problem = await GraphAssert.ProblemAsync(response, 400);
        Assert.Contains(expected, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task ATenantsFileCarriesCollectionsAndAnItemWithoutAnIdIsGivenOne()
    {
        var file = Path.Combine(_folder, "tenants.json");
        await File.WriteAllTextAsync(file, $$$$"""
            {"tenants":[{"id":"{{{{Hybrid}}}}","displayName":"Contoso Hybrid","identityModel":"hybrid","settings":{
              "profileCardProperties":{"versions":[{"settings":[{"directoryPropertyName":"alias","annotations":[{"displayName":"Nickname"}]}],"requestedAt":"2026-01-01T00:00:00Z","effectiveAt":"2026-01-01T00:00:00Z"}]},
              "profileSources":{"versions":[{"settings":[{"id":"0b0b0000-0000-4000-8000-000000000001","sourceId":"sap","displayName":"SAP"},{"sourceId":"wd","displayName":"Workday"}],"requestedAt":"2026-01-01T00:00:00Z","effectiveAt":"2026-01-01T00:00:00Z"}]}}}]}
            """);
        await using var emulator = new EmulatorFactory().With("Emulator:TenantsFile", file);

        var cards = await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties");
        var sources = await emulator.GetSettingTimelineAsync(Hybrid, "profileSources");

        Assert.Equal("""[{"directoryPropertyName":"Alias","annotations":[{"displayName":"Nickname","localizations":[]}]}]""", cards.Effective.GetRawText());
        Assert.Equal("0b0b0000-0000-4000-8000-000000000001", sources.Configured[0].GetProperty("id").GetString());
        Assert.True(Guid.TryParse(sources.Configured[1].GetProperty("id").GetString(), out _));
    }

    [Fact]
    public async Task EveryCollectionSurvivesARestartOnSqlite()
    {
        string[] lists;
        await using (var first = Sqlite())
        {
            lists = await PostOneOfEachAsync(first);
            await first.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromHours(24));
            var client = PeopleCollectionsTests.Admin(first);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/v1.0/admin/people/profileSources(sourceId='workday')")).StatusCode);
        }

        await using var second = Sqlite();
        var again = await ListsAsync(second);
        Assert.Equal(lists[..2], again[..2]);
        Assert.Equal("""{"@odata.context":"http://localhost/beta/$metadata#admin/people/profileSources","value":[]}""", again[2]);
        var sources = await second.GetSettingTimelineAsync(Hybrid, "profileSources");
        Assert.Equal(1, sources.Effective.GetArrayLength());
        Assert.Equal(1, sources.PendingTotal);
        var cards = await second.GetSettingTimelineAsync(Hybrid, "profileCardProperties");
        Assert.Equal(cards.Configured.GetRawText(), cards.Effective.GetRawText());
        Assert.Empty(cards.Pending);
    }
}
