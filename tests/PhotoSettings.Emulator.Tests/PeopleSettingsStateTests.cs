using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Every setting in the state document, the tenants file, SQLite and the generic timeline: the engine's shared parts.</summary>
public sealed class PeopleSettingsStateTests : IDisposable
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private const string Group = "0f5e0000-0000-4000-8000-00000000000a";
    private readonly string _folder = Directory.CreateTempSubdirectory("photosettings-people-").FullName;

    private string DatabasePath => Path.Combine(_folder, "state.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private EmulatorFactory Sqlite() => new EmulatorFactory()
        .With("Emulator:Storage:Provider", "Sqlite")
        .With("Emulator:Storage:Path", DatabasePath);

    [Fact]
    public async Task AnExportCarriesEachSettingUnderItsNameAndImportsBackWithItsPendingChanges()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync("/v1.0/admin/people/pronouns", EmulatorFactory.Json("""{"isEnabledInOrganization":true}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync("/v1.0/admin/people/itemInsights", EmulatorFactory.Json($$"""{"disabledForGroup":"{{Group}}"}"""))).StatusCode);
        var exported = await client.GetStringAsync("/_emulator/state");
        var tenant = JsonNode.Parse(exported)!["tenants"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == Hybrid.ToString())!;
        Assert.True(tenant["settings"]!["pronouns"]!["versions"]![0]!["settings"]!["isEnabledInOrganization"]!.GetValue<bool>());
        Assert.Equal(Group, tenant["settings"]!["itemInsights"]!["versions"]![0]!["settings"]!["disabledForGroup"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(exported)!["tenants"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == DefaultTenants.CloudOnlyId.ToString())!["settings"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/_emulator/reset", null)).StatusCode);
        Assert.Equal(0, (await emulator.GetSettingTimelineAsync(Hybrid, "pronouns")).PendingTotal);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("/_emulator/state", EmulatorFactory.Json(exported))).StatusCode);

        Assert.Equal(exported, await client.GetStringAsync("/_emulator/state"));
        var pronouns = await emulator.GetSettingTimelineAsync(Hybrid, "pronouns");
        Assert.Equal("""{"isEnabledInOrganization":true}""", pronouns.Configured.GetRawText());
        Assert.Equal("""{"isEnabledInOrganization":false}""", pronouns.Effective.GetRawText());
        Assert.Equal(1, pronouns.PendingTotal);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync("/beta/admin/people/pronouns", EmulatorFactory.Json("""{"isEnabledInOrganization":false}"""))).StatusCode);
        Assert.Equal(2, (await emulator.GetSettingTimelineAsync(Hybrid, "pronouns")).PendingTotal);
    }

    [Theory]
    [InlineData("""{"pronouns":{"versions":[{"settings":{"isEnabledInOrganization":"yes"},"requestedAt":"2026-01-01T00:00:00Z","effectiveAt":"2026-01-01T07:00:00Z"}]}}""", "settings.pronouns.versions[0].settings: 'isEnabledInOrganization' must be true or false")]
    [InlineData("""{"itemInsights":{"versions":[{"settings":{"disabledForGroup":"x"},"requestedAt":"2026-01-01T00:00:00Z","effectiveAt":"2026-01-01T07:00:00Z"}]}}""", "settings.itemInsights.versions[0].settings: 'disabledForGroup' 'x' is not an object id")]
    [InlineData("""{"pronouns":{"versions":[{"settings":{"isEnabledInOrganization":true},"requestedAt":"2026-01-01T00:00:00Z","effectiveAt":"2025-01-01T07:00:00Z"}]}}""", "settings.pronouns.versions[0].effectiveAt is before its requestedAt")]
    [InlineData("""{"pronouns":{"superseded":-1}}""", "settings.pronouns.superseded must be from 0")]
    [InlineData("""{"pronouns":{"versions":[{"requestedAt":"2026-01-01T00:00:00Z"}]}}""", "settings.pronouns.versions[0] needs settings, requestedAt and effectiveAt")]
    [InlineData("""{"horoscope":{}}""", "settings.horoscope: 'horoscope' is not a setting of this emulator")]
    public async Task AnImportedSettingIsJudgedByThatSettingsOwnRulesAndNothingChanges(string settings, string expected)
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var before = await client.GetStringAsync("/_emulator/state");
        var document = JsonNode.Parse(before)!.AsObject();
        document["tenants"]![0]!["settings"] = JsonNode.Parse(settings);

        var response = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(document.ToJsonString()));

        var problem = await GraphAssert.ProblemAsync(response, 400);
        Assert.Contains(expected, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task EverySettingSurvivesARestartOnSqliteBesidePhotoUpdateSettings()
    {
        await using (var first = Sqlite())
        {
            var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync("/v1.0/admin/people/pronouns", EmulatorFactory.Json("""{"isEnabledInOrganization":true}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync("/beta/admin/people/namePronunciation", EmulatorFactory.Json("""{"isEnabledInOrganization":true}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.PatchAsync($$"""{"allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}""")).StatusCode);
            await first.AdvanceTenantClockAsync(Hybrid, TimeSpan.FromHours(7));
            Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync("/v1.0/admin/people/itemInsights", EmulatorFactory.Json("""{"isEnabledInOrganization":false}"""))).StatusCode);
        }

        await using var second = Sqlite();
        var again = second.CreateClient();
        Assert.Equal("""{"@odata.context":"http://localhost/v1.0/$metadata#admin/people/pronouns/$entity","isEnabledInOrganization":true}""",
            await again.GetStringAsync("/v1.0/admin/people/pronouns"));
        var pronouns = await second.GetSettingTimelineAsync(Hybrid, "pronouns");
        Assert.Equal("""{"isEnabledInOrganization":true}""", pronouns.Effective.GetRawText());
        Assert.Empty(pronouns.Pending);
        var names = await second.GetSettingTimelineAsync(Hybrid, "namePronunciation");
        Assert.Equal("""{"isEnabledInOrganization":false}""", names.Effective.GetRawText());
        Assert.Equal(1, names.PendingTotal);
        var insights = await second.GetSettingTimelineAsync(Hybrid, "itemInsights");
        Assert.Equal("""{"isEnabledInOrganization":false,"disabledForGroup":null}""", insights.Configured.GetRawText());
        Assert.Equal(1, insights.PendingTotal);
        // A PATCH naming only allowedRoles leaves an unconfigured tenant's source unset, as Graph does.
        Assert.Equal($"""null|["{RoleCatalog.UserAdministrator}"]""", await second.SettingsFingerprintAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await again.PostAsync($"/_emulator/tenants/{Hybrid}/reset", null)).StatusCode);
        Assert.Equal(0, (await second.GetSettingTimelineAsync(Hybrid, "itemInsights")).PendingTotal);
    }

    [Fact]
    public async Task ADatabaseWrittenBySchemaVersion2BeforeTheSettingsRowsOpensUnchangedAndTakesNewSettings()
    {
        var requested = new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            // What version 2 wrote before any setting but photoUpdateSettings existed: no settings_versions table.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $$"""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE tenants (id TEXT PRIMARY KEY, document TEXT NOT NULL, change_count INTEGER NOT NULL, superseded INTEGER NOT NULL, clock_offset_ticks INTEGER NOT NULL);
                CREATE TABLE versions (tenant_id TEXT NOT NULL, seq INTEGER NOT NULL, source TEXT NOT NULL, allowed_roles TEXT NOT NULL,
                    requested_at_utc_ticks INTEGER NOT NULL, requested_at_offset_minutes INTEGER NOT NULL,
                    effective_at_utc_ticks INTEGER NOT NULL, effective_at_offset_minutes INTEGER NOT NULL, PRIMARY KEY (tenant_id, seq)) WITHOUT ROWID;
                CREATE TABLE photos (tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, content_type TEXT NOT NULL,
                    width INTEGER NOT NULL, height INTEGER NOT NULL, etag TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (tenant_id, user_id));
                INSERT INTO meta (key, value) VALUES ('global_clock_offset_ticks', 0);
                INSERT INTO tenants VALUES ('{{Hybrid}}', '{"id":"{{Hybrid}}","displayName":"Contoso Hybrid","identityModel":"hybrid"}', 3, 1, 0);
                INSERT INTO versions VALUES ('{{Hybrid}}', 3, 'onPremises', '', {{requested.UtcTicks}}, 0, {{requested.AddHours(24).UtcTicks}}, 0);
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        await using (var first = Sqlite())
        {
            first.Time.SetUtcNow(requested.AddHours(1));
            var timeline = await GraphAssert.JsonAsync(await first.CreateClient().GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
            Assert.Equal("onPremises|[]", GraphAssert.Fingerprint(timeline.GetProperty("configured")));
            Assert.Equal(1, timeline.GetProperty("superseded").GetInt64());
            Assert.Equal(1, timeline.GetProperty("pendingTotal").GetInt32());
            Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().PatchAsync("/beta/admin/people/pronouns", EmulatorFactory.Json("""{"isEnabledInOrganization":true}"""))).StatusCode);
        }

        await using var second = Sqlite();
        second.Time.SetUtcNow(requested.AddHours(1));
        var generic = await second.GetSettingTimelineAsync(Hybrid, "photoUpdateSettings");
        Assert.Equal("""{"source":"onPremises","allowedRoles":[]}""", generic.Configured.GetRawText());
        Assert.Equal(requested.AddHours(24), Assert.Single(generic.Pending).EffectiveAt);
        var pronouns = await second.GetSettingTimelineAsync(Hybrid, "pronouns");
        Assert.Equal("""{"isEnabledInOrganization":true}""", pronouns.Configured.GetRawText());
        Assert.Equal(requested.AddHours(8), Assert.Single(pronouns.Pending).EffectiveAt);
    }

    [Fact]
    public async Task TheTimelineOfASettingNobodyDeclaredIsAProblemDetails404()
    {
        await using var emulator = new EmulatorFactory();

        var response = await emulator.CreateClient().GetAsync($"/_emulator/tenants/{Hybrid}/settings/horoscope/timeline");

        var problem = await GraphAssert.ProblemAsync(response, 404);
        Assert.Contains("There is no setting 'horoscope' in this emulator; it knows itemInsights, namePronunciation, photoUpdateSettings, profileCardProperties, profilePropertySettings, profileSources, pronouns.",
            problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
