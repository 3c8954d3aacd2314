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
        Assert.Equal($"""cloud|["{RoleCatalog.UserAdministrator}"]""", await second.SettingsFingerprintAsync());
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
        Assert.Equal(1L, command.ExecuteScalar());
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
        using var check = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(7L, version.ExecuteScalar());
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
        Assert.Equal("cloud|[]", await second.SettingsFingerprintAsync());
    }
}
