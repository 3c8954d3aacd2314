using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The pending-change cap (<c>Emulator:Propagation:MaxPendingChanges</c>) and the timeline's pages, as a user sees them.</summary>
public sealed class TimelinePagingTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly string TimelinePath = $"/_emulator/tenants/{Hybrid}/photoUpdateSettings";

    [Fact]
    public async Task BeyondTheCapTheOldestPendingChangeIsSupersededNeverTakesEffectAndTheTimelineCountsIt()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Propagation:MaxPendingChanges", "2");
        var control = emulator.CreateClient();
        var start = emulator.Time.GetUtcNow();
        string[] roles = [RoleCatalog.UserAdministrator, RoleCatalog.GlobalAdministrator, RoleCatalog.UserAdministrator];
        foreach (var role in roles)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync($$"""{"allowedRoles":["{{role}}"]}""")).StatusCode);
            emulator.Time.Advance(TimeSpan.FromHours(1));
        }

        var timeline = await Json(control, TimelinePath);
        Assert.Equal(1, timeline.GetProperty("superseded").GetInt64());
        Assert.Equal(2, timeline.GetProperty("pendingTotal").GetInt32());
        Assert.Equal([start + TimeSpan.FromHours(1), start + TimeSpan.FromHours(2)],
            timeline.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("requestedAt").GetDateTimeOffset()));

        // The first change (User Administrator) would have taken effect at start + 24 h.
        emulator.Time.SetUtcNow(start + Day);
        Assert.Equal("null|[]", GraphAssert.Fingerprint((await Json(control, TimelinePath)).GetProperty("effective")));
        emulator.Time.SetUtcNow(start + Day + TimeSpan.FromHours(1));
        Assert.Equal($"""null|["{RoleCatalog.GlobalAdministrator}"]""", GraphAssert.Fingerprint((await Json(control, TimelinePath)).GetProperty("effective")));
    }

    [Fact]
    public async Task TheSupersededCountSurvivesAStateExportAndImport()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Propagation:MaxPendingChanges", "1");
        var control = emulator.CreateClient();
        await emulator.PatchAsync($$"""{"allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}""");
        await emulator.PatchAsync($$"""{"allowedRoles":["{{RoleCatalog.GlobalAdministrator}}"]}""");
        var snapshot = await (await control.GetAsync("/_emulator/state")).Content.ReadAsStringAsync();

        await using var other = new EmulatorFactory();
        var imported = await other.CreateClient().PutAsync("/_emulator/state", EmulatorFactory.Json(snapshot));

        Assert.Equal(HttpStatusCode.NoContent, imported.StatusCode);
        var timeline = await Json(other.CreateClient(), TimelinePath);
        Assert.Equal(1, timeline.GetProperty("superseded").GetInt64());
        Assert.Equal(1, timeline.GetProperty("pendingTotal").GetInt32());
    }

    [Fact]
    public async Task PendingChangesComeAHundredAtATimeByDefaultAndPageWithSkipAndLimitUntilNextIsAbsent()
    {
        await using var emulator = new EmulatorFactory();
        var control = emulator.CreateClient();
        var start = emulator.Time.GetUtcNow();
        for (var i = 0; i < 105; i++)
        {
            var role = i % 2 == 0 ? RoleCatalog.UserAdministrator : RoleCatalog.GlobalAdministrator;
            Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync($$"""{"allowedRoles":["{{role}}"]}""")).StatusCode);
            emulator.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await Json(control, TimelinePath);
        Assert.Equal(100, first.GetProperty("pending").GetArrayLength());
        Assert.Equal(105, first.GetProperty("pendingTotal").GetInt32());
        Assert.Equal(0, first.GetProperty("superseded").GetInt64());
        var next = first.GetProperty("next").GetString()!;
        Assert.Equal($"{TimelinePath}?skip=100&limit=100", next);
        var last = await Json(control, next);
        Assert.Equal([start + TimeSpan.FromMinutes(100), start + TimeSpan.FromMinutes(104)],
            [.. last.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("requestedAt").GetDateTimeOffset()).Where((_, i) => i is 0 or 4)]);
        Assert.False(last.TryGetProperty("next", out _));

        var middle = await Json(control, $"{TimelinePath}?skip=10&limit=3");
        Assert.Equal([start + TimeSpan.FromMinutes(10), start + TimeSpan.FromMinutes(11), start + TimeSpan.FromMinutes(12)],
            middle.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("requestedAt").GetDateTimeOffset()));
        Assert.Equal($"{TimelinePath}?skip=13&limit=3", middle.GetProperty("next").GetString());

        // Once the first ten have matured, the pages start at the first change still pending.
        emulator.Time.SetUtcNow(start + Day + TimeSpan.FromMinutes(9));
        var later = await Json(control, $"{TimelinePath}?limit=1");
        Assert.Equal(95, later.GetProperty("pendingTotal").GetInt32());
        Assert.Equal(start + TimeSpan.FromMinutes(10), later.GetProperty("pending")[0].GetProperty("requestedAt").GetDateTimeOffset());
        Assert.Equal(0, (await Json(control, $"{TimelinePath}?skip=500")).GetProperty("pending").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=0", "'limit' '0' is not a whole number from 1 to 1000")]
    [InlineData("limit=1001", "'limit' '1001' is not a whole number from 1 to 1000")]
    [InlineData("skip=-1", "'skip' '-1' is not a whole number")]
    [InlineData("skip=ten", "'skip' 'ten' is not a whole number")]
    public async Task ASkipOrLimitOutOfRangeIsAProblem(string query, string mention)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync($"{TimelinePath}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(mention, (await GraphAssert.JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    public void AMaxPendingChangesOutsideItsRangeStopsTheStart(string value)
    {
        using var emulator = new EmulatorFactory().With("Emulator:Propagation:MaxPendingChanges", value);

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains($"Emulator:Propagation:MaxPendingChanges {value} must be from 1 to 1000000", error.ToString());
    }

    private static async Task<JsonElement> Json(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await GraphAssert.JsonAsync(response);
    }
}
