using System.Net;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The SQLite provider: everything survives a restart; the schema is the emulator's to guard.</summary>
public sealed class StorageTests : IDisposable
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private readonly string _folder = Directory.CreateTempSubdirectory("photosettings-db-").FullName;

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
    public async Task EveryKindOfStateSurvivesARestart()
    {
        var fabrikam = Guid.NewGuid();
        await using (var first = Sqlite())
        {
            var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await first.PatchAsync($$"""{"allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}""")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/beta/users/{DefaultTenants.UserId(Hybrid, 2)}/photo/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/_emulator/tenants/{fabrikam}", EmulatorFactory.Json(
                """{"displayName":"Fabrikam","identityModel":"hybrid","customRoles":[{"id":"fab00000-0000-4000-8000-0000000000ee","displayName":"Stewards"}],"applications":[{"appId":"fab00000-0000-4000-8000-0000000000a9","displayName":"App","clientSecret":"s","roles":["PeopleSettings.Read.All"]}]}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/_emulator/tenants/{Hybrid}/clock/advance", EmulatorFactory.Json("""{"by":"PT2H"}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"PT30M"}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/_emulator/tenants/{DefaultTenants.CloudOnlyId}")).StatusCode);
        }

        await using var second = Sqlite();
        var again = second.CreateClient();
        Assert.Equal($"""null|["{RoleCatalog.UserAdministrator}"]""", await second.SettingsFingerprintAsync());
        Assert.Equal(Photos.Jpeg48x32, await (await again.GetAsync($"/beta/users/{DefaultTenants.UserId(Hybrid, 2)}/photo/$value")).Content.ReadAsByteArrayAsync());
        var timeline = await GraphAssert.JsonAsync(await again.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
        Assert.Single(timeline.GetProperty("pending").EnumerateArray());
        Assert.Equal("PT2H", (await GraphAssert.JsonAsync(await again.GetAsync($"/_emulator/tenants/{Hybrid}/clock"))).GetProperty("offset").GetString());
        Assert.Equal("PT30M", (await GraphAssert.JsonAsync(await again.GetAsync("/_emulator/clock"))).GetProperty("offset").GetString());
        var tenant = await GraphAssert.JsonAsync(await again.GetAsync($"/_emulator/tenants/{fabrikam}"));
        Assert.Equal("Stewards", tenant.GetProperty("customRoles")[0].GetProperty("displayName").GetString());
        Assert.Equal("s", tenant.GetProperty("applications")[0].GetProperty("clientSecret").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync($"/_emulator/tenants/{DefaultTenants.CloudOnlyId}")).StatusCode);
    }

    [Fact]
    public async Task AnUnsetSourceAndTheVersionsAroundItSurviveARestart()
    {
        await using (var first = Sqlite())
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PatchAsync($$"""{"source":"cloud","allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}""")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.PatchAsync("""{"source":null}""")).StatusCode);
        }

        await using var second = Sqlite();
        Assert.Equal($"""null|["{RoleCatalog.UserAdministrator}"]""", await second.SettingsFingerprintAsync());
        var timeline = await GraphAssert.JsonAsync(await second.CreateClient().GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
        Assert.Equal("null|[]", GraphAssert.Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal([$"""cloud|["{RoleCatalog.UserAdministrator}"]""", $"""null|["{RoleCatalog.UserAdministrator}"]"""],
            timeline.GetProperty("pending").EnumerateArray().Select(p => GraphAssert.Fingerprint(p.GetProperty("settings"))));
    }

    [Fact]
    public async Task APhotosSizesAreMadeOnceKeptAcrossARestartAndDeletedWithThePhoto()
    {
        var photoPath = $"/v1.0/users/{DefaultTenants.UserId(Hybrid, 1)}/photo/$value";
        var sizePath = $"/v1.0/users/{DefaultTenants.UserId(Hybrid, 1)}/photos/48x48/$value";
        string etag;
        await using (var first = Sqlite())
        {
            var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(photoPath, Photos.Body(Square(SkiaSharp.SKColors.Teal), "image/png"))).StatusCode);
            var made = await client.GetAsync(sizePath);
            Assert.Equal(HttpStatusCode.OK, made.StatusCode);
            etag = made.Headers.ETag!.Tag;
            Assert.Equal(await made.Content.ReadAsByteArrayAsync(), await (await client.GetAsync(sizePath)).Content.ReadAsByteArrayAsync());
        }

        // The database holds the one size asked for; it is replaced by other bytes, so an answer made again would show.
        Assert.Equal(1L, Query("SELECT count(*) FROM photo_sizes WHERE side = 48;"));
        Query("UPDATE photo_sizes SET content = $c;", ("$c", Photos.Jpeg48x32));

        await using (var second = Sqlite())
        {
            var client = second.CreateClient();
            var kept = await client.GetAsync(sizePath);
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
            Assert.Equal(etag, kept.Headers.ETag!.Tag);
            Assert.Equal(Photos.Jpeg48x32, await kept.Content.ReadAsByteArrayAsync());

            // A new photo's sizes are its own; the old photo's go with it, and the rest with the photo's deletion.
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(photoPath, Photos.Body(Square(SkiaSharp.SKColors.Orange), "image/png"))).StatusCode);
            var remade = await client.GetAsync(sizePath);
            Assert.NotEqual(etag, remade.Headers.ETag!.Tag);
            Assert.NotEqual(Photos.Jpeg48x32, await remade.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(photoPath)).StatusCode);
        }

        Assert.Equal(0L, Query("SELECT count(*) FROM photo_sizes;"));
    }

    /// <summary>A 96x96 PNG of one colour.</summary>
    private static byte[] Square(SkiaSharp.SKColor colour)
    {
        using var bitmap = new SkiaSharp.SKBitmap(96, 96);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private object? Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    [Fact]
    public async Task TheDatabaseIsInWalModeAndRecordsItsSchemaVersion()
    {
        await using (var emulator = Sqlite())
        {
            _ = emulator.CreateClient();
        }

        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal(2L, command.ExecuteScalar());
    }

    [Fact]
    public async Task ADatabaseWrittenBySchemaVersion1IsMigratedWithItsHistoryAndKeepsWorking()
    {
        var requested = new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            // What schema version 1 wrote: one JSON document per tenant, its settings history inside.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE tenants (id TEXT PRIMARY KEY, document TEXT NOT NULL);
                CREATE TABLE photos (
                    tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, content_type TEXT NOT NULL,
                    width INTEGER NOT NULL, height INTEGER NOT NULL, etag TEXT NOT NULL, content BLOB NOT NULL,
                    PRIMARY KEY (tenant_id, user_id));
                INSERT INTO meta (key, value) VALUES ('global_clock_offset_ticks', 18000000000);
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO tenants (id, document) VALUES ($id, $doc);";
            command.Parameters.AddWithValue("$id", Hybrid.ToString());
            command.Parameters.AddWithValue("$doc", $$$"""
                {"id":"{{{Hybrid}}}","displayName":"Contoso Hybrid","identityModel":"hybrid","users":[],"customRoles":[],"applications":[],
                 "photoUpdateSettings":{"changeCount":7,"clockOffset":"PT1H","versions":[
                   {"settings":{"source":"cloud","allowedRoles":["{{{RoleCatalog.UserAdministrator}}}"]},"requestedAt":"{{{requested:o}}}","effectiveAt":"{{{requested.AddHours(24):o}}}"},
                   {"settings":{"source":"onPremises","allowedRoles":[]},"requestedAt":"{{{requested.AddHours(1):o}}}","effectiveAt":"{{{requested.AddHours(25):o}}}"}]}}
                """);
            command.ExecuteNonQuery();
        }

        await using (var first = Sqlite())
        {
            first.Time.SetUtcNow(requested.AddHours(24) - TimeSpan.FromHours(1.5));
            var control = first.CreateClient();
            var timeline = await GraphAssert.JsonAsync(await control.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
            Assert.Equal("onPremises|[]", GraphAssert.Fingerprint(timeline.GetProperty("configured")));
            Assert.Equal($"""cloud|["{RoleCatalog.UserAdministrator}"]""", GraphAssert.Fingerprint(timeline.GetProperty("effective")));
            Assert.Equal(1, timeline.GetProperty("pendingTotal").GetInt32());
            Assert.Equal("PT1H", (await GraphAssert.JsonAsync(await control.GetAsync($"/_emulator/tenants/{Hybrid}/clock"))).GetProperty("offset").GetString());
            Assert.Equal(HttpStatusCode.OK, (await first.PatchAsync($$"""{"source":"cloud","allowedRoles":["{{RoleCatalog.GlobalAdministrator}}"]}""")).StatusCode);
        }

        await using var second = Sqlite();
        second.Time.SetUtcNow(requested.AddHours(24) - TimeSpan.FromHours(1.5));
        var again = await GraphAssert.JsonAsync(await second.CreateClient().GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
        Assert.Equal($"""cloud|["{RoleCatalog.GlobalAdministrator}"]""", GraphAssert.Fingerprint(again.GetProperty("configured")));
        Assert.Equal(2, again.GetProperty("pendingTotal").GetInt32());
        Assert.Equal([requested.AddHours(1), requested.AddHours(24)],
            again.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("requestedAt").GetDateTimeOffset()));
        Assert.Equal(2L, SchemaVersion());
    }

    [Fact]
    public async Task PrunedSupersededAndResetHistoriesReadBackAsTheyWereAfterARestart()
    {
        var start = new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
        var cloud = DefaultTenants.CloudOnlyId;
        string[] roles = [RoleCatalog.UserAdministrator, RoleCatalog.GlobalAdministrator];
        await using (var first = Sqlite().With("Emulator:Propagation:MaxPendingChanges", "3"))
        {
            var control = first.CreateClient();
            var cloudAdmin = first.ClientWith(first.AppToken(cloud, lifetime: TimeSpan.FromDays(3)));
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await first.PatchAsync($$"""{"allowedRoles":["{{roles[i % 2]}}"]}""")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await cloudAdmin.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json($$"""{"allowedRoles":["{{roles[i % 2]}}"]}"""))).StatusCode);
                first.Time.Advance(TimeSpan.FromHours(1));
            }

            Assert.Equal(HttpStatusCode.NoContent, (await control.PostAsync($"/_emulator/tenants/{cloud}/reset", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await cloudAdmin.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"allowedRoles":[]}"""))).StatusCode);
            first.Time.SetUtcNow(start + TimeSpan.FromHours(28));
            Assert.Equal(HttpStatusCode.OK, (await first.PatchAsync("""{"allowedRoles":[]}""")).StatusCode);
        }

        await using var second = Sqlite().With("Emulator:Propagation:MaxPendingChanges", "3");
        second.Time.SetUtcNow(start + TimeSpan.FromHours(28));
        var control2 = second.CreateClient();
        var timeline = await GraphAssert.JsonAsync(await control2.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
        // Changes 0-2 were superseded by 3-5; 3 and 4 (User Administrator, made at +4 h) matured by +28 h; 5 and the last are pending.
        Assert.Equal(3, timeline.GetProperty("superseded").GetInt64());
        Assert.Equal($"""null|["{RoleCatalog.UserAdministrator}"]""", GraphAssert.Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal(start + TimeSpan.FromHours(28), timeline.GetProperty("effectiveSince").GetDateTimeOffset());
        Assert.Equal([start + TimeSpan.FromHours(5), start + TimeSpan.FromHours(28)],
            timeline.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("requestedAt").GetDateTimeOffset()));
        Assert.Equal("null|[]", GraphAssert.Fingerprint(timeline.GetProperty("configured")));
        var reset = await GraphAssert.JsonAsync(await control2.GetAsync($"/_emulator/tenants/{cloud}/photoUpdateSettings"));
        Assert.Equal(0, reset.GetProperty("superseded").GetInt64());
        Assert.Equal([start + TimeSpan.FromHours(6)],
            reset.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("requestedAt").GetDateTimeOffset()));
        Assert.Equal("null|[]", GraphAssert.Fingerprint(reset.GetProperty("effective")));
    }

    [Fact]
    public void ADatabaseFromANewerEmulatorIsRefusedAndLeftAlone()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE future (x); PRAGMA user_version = 7;";
            command.ExecuteNonQuery();
        }

        using var emulator = Sqlite();
        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("has schema version 7, written by a newer emulator", error.ToString());
        Assert.Equal(7L, SchemaVersion());
    }

    [Fact]
    public async Task AResetReturnsTheDatabaseToTheConfiguredStart()
    {
        await using (var first = Sqlite())
        {
            await first.PatchAsync("""{"source":"onPremises"}""");
            Assert.Equal(HttpStatusCode.NoContent, (await first.CreateClient().PostAsync("/_emulator/reset", null)).StatusCode);
        }

        await using var second = Sqlite();
        Assert.Equal("null|[]", await second.SettingsFingerprintAsync());
    }

    /// <summary>The database's <c>PRAGMA user_version</c>, read on a connection of its own.</summary>
    private long SchemaVersion()
    {
        using var check = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        return (long)version.ExecuteScalar()!;
    }
}
