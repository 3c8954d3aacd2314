using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Snapshots: GET the whole state, PUT it back (here or elsewhere), or start from it.</summary>
public sealed class StateTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    [Fact]
    public async Task ASnapshotRestoredIntoAnotherEmulatorGivesTheSameState()
    {
        await using var source = new EmulatorFactory();
        var client = source.CreateClient();
        await source.PatchAsync("""{"allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}""");
        await client.PutAsync($"/beta/users/{DefaultTenants.UserId(Hybrid, 3)}/photo/$value", Photos.Body(Photos.Png64x40, "image/png"));
        await client.PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"PT1H"}"""));
        var snapshot = await client.GetStringAsync("/_emulator/state");

        await using var target = new EmulatorFactory();
        var put = await target.CreateClient().PutAsync("/_emulator/state", EmulatorFactory.Json(snapshot));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(snapshot, await target.CreateClient().GetStringAsync("/_emulator/state"));
        var document = JsonDocument.Parse(snapshot).RootElement;
        Assert.Equal(1, document.GetProperty("version").GetInt32());
        Assert.Equal("PT1H", document.GetProperty("clockOffset").GetString());
        Assert.Equal(Photos.Png64x40, await (await target.CreateClient().GetAsync($"/beta/users/{DefaultTenants.UserId(Hybrid, 3)}/photo/$value")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnUnsetSourceIsExportedAsNullAndImportedBackUnset()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync("""{"source":"cloud"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync("""{"source":null}""")).StatusCode);
        var snapshot = await client.GetStringAsync("/_emulator/state");
        var hybrid = JsonDocument.Parse(snapshot).RootElement.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("id").GetString() == Hybrid.ToString());
        Assert.Equal(["cloud", null], hybrid.GetProperty("photoUpdateSettings").GetProperty("versions").EnumerateArray()
            .Select(v => v.GetProperty("settings").GetProperty("source").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/_emulator/reset", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync("""{"source":"onPremises"}""")).StatusCode);

        var put = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(snapshot));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());
        Assert.Equal(snapshot, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task ASnapshotSeedsTheNextRunAsATenantsFile()
    {
        string snapshot;
        await using (var source = new EmulatorFactory())
        {
            await source.PatchAsync("""{"source":"onPremises"}""");
            snapshot = await source.CreateClient().GetStringAsync("/_emulator/state");
        }

        var file = Path.Combine(Path.GetTempPath(), $"photosettings-snapshot-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, snapshot);
        try
        {
            await using var next = new EmulatorFactory().With("Emulator:TenantsFile", file);
            Assert.Equal("onPremises|[]", await next.SettingsFingerprintAsync());
            Assert.Single((await GraphAssert.JsonAsync(await next.CreateClient().GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"))).GetProperty("pending").EnumerateArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnInvalidStateDocumentIsRefusedListingEveryProblemAndNothingChanges()
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync("""{"source":"onPremises"}""");
        var before = await emulator.CreateClient().GetStringAsync("/_emulator/state");
        var bad = """
            {"version":1,"clockOffset":"-PT1H","tenants":[
              {"id":"c10d0000-0000-4000-8000-000000000001","displayName":"Cloud","identityModel":"cloudOnly",
               "photoUpdateSettings":{"versions":[{"settings":{"source":"onPremises","allowedRoles":[]},"requestedAt":"2026-01-01T00:00:00Z","effectiveAt":"2025-01-01T00:00:00Z"}]},
               "photos":[{"userId":"c10d0000-0000-4000-8000-0000000000c1","contentType":"image/png","content":"bm90IGFuIGltYWdl"}]},
              {"id":"nope","displayName":"X"}
            ]}
            """;

        var response = await emulator.CreateClient().PutAsync("/_emulator/state", EmulatorFactory.Json(bad));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await GraphAssert.JsonAsync(response)).GetProperty("errors");
        var all = string.Join("\n", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => $"{e.Name}: {m.GetString()}")));
        Assert.Contains("clockOffset", all);
        Assert.Contains("'onPremises' is available only to hybrid tenants", all);
        Assert.Contains("effectiveAt is before its requestedAt", all);
        Assert.Contains("photos[0].userId", all);
        Assert.Contains("'id' 'nope' is not a GUID", all);
        Assert.Equal(before, await emulator.CreateClient().GetStringAsync("/_emulator/state"));
    }

    [Theory]
    [InlineData("""{"version":1,"tenants":[}""", "not valid JSON")]
    [InlineData("""[{"version":1,"tenants":[]}]""", "must be a JSON object, not an array")]
    [InlineData("""{"version":1,"tenants":[]} {}""", "not valid JSON")]
    [InlineData("""[{"version":1,""", "not valid JSON")]
    [InlineData("""{"version":1,"tenants":[],"tenants":[]}""", "Duplicate property 'tenants'")]
    [InlineData("""{"version":1,"Tenants":[],"tenants":[]}""", "Duplicate property")]
    [InlineData("""{"version":1,"tenants":[{"id":"c10d0000-0000-4000-8000-000000000001","displayName":"A","displayName":"B"}]}""", "Duplicate")]
    [InlineData("""{"version":"one","tenants":[]}""", "does not fit")]
    public async Task AMalformedStateDocumentIsRefusedAndNothingChanges(string body, string expected)
    {
        var emulator = await shared.FreshAsync();
        await emulator.PatchAsync("""{"source":"onPremises"}""");
        var before = await emulator.CreateClient().GetStringAsync("/_emulator/state");

        var response = await emulator.CreateClient().PutAsync("/_emulator/state", EmulatorFactory.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, (await GraphAssert.JsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await emulator.CreateClient().GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task ANewerStateVersionIsRefused()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().PutAsync("/_emulator/state", EmulatorFactory.Json("""{"version":2,"tenants":[]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("written by a newer emulator", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResetReturnsEverythingToTheConfiguredStart()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await emulator.PatchAsync("""{"source":"onPremises"}""");
        await client.PutAsync($"/_emulator/tenants/{Guid.NewGuid()}", EmulatorFactory.Json("""{"displayName":"Extra"}"""));
        await client.PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"P1D"}"""));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/_emulator/reset", null)).StatusCode);

        Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());
        Assert.Equal(2, (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/tenants"))).GetArrayLength());
        Assert.Equal("PT0S", (await GraphAssert.JsonAsync(await client.GetAsync("/_emulator/clock"))).GetProperty("offset").GetString());
    }

    [Fact]
    public async Task PutOnATenantRefusesStateAndPointsToTheStateEndpoint()
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().PutAsync($"/_emulator/tenants/{Guid.NewGuid()}",
            EmulatorFactory.Json("""{"displayName":"X","photoUpdateSettings":{"versions":[]}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("PUT /_emulator/state", await response.Content.ReadAsStringAsync());
    }
}
