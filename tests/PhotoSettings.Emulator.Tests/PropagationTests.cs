using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The 24-hour propagation delay, on a clock the test owns (FakeTimeProvider).</summary>
public sealed class PropagationTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private static Guid User(int which) => DefaultTenants.UserId(Hybrid, which);

    [Fact]
    public async Task ABlockSetAtTIsNotInEffectOneTickBeforeTPlusTheDelayAndIsAtIt()
    {
        await using var emulator = new EmulatorFactory();
        var nora = emulator.ClientWith(emulator.UserToken(Hybrid, User(4), lifetime: TimeSpan.FromDays(3)));
        await Block(emulator, RoleCatalog.UserAdministrator);

        emulator.Time.Advance(Day - TimeSpan.FromTicks(1));
        Assert.Equal(HttpStatusCode.OK, (await nora.PutAsync(Photos.PathOf("me") + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        emulator.Time.Advance(TimeSpan.FromTicks(1));
        var refused = await nora.PutAsync(Photos.PathOf("me") + "/$value", Photos.Body(Photos.Png64x40, "image/png"));
        await GraphAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "accessDenied", emulator.Time.GetUtcNow(), "User Administrator", "holds none of them");
        var stored = await GraphAssert.JsonAsync(await nora.GetAsync(Photos.PathOf("me")));
        Assert.Equal("48X32", stored.GetProperty("id").GetString());
    }

    [Fact]
    public async Task TheGuidesScenarioAPlainUserKeepsUpdatingFor24HoursThenIsBlockedWhileAUserAdministratorIsNot()
    {
        await using var emulator = new EmulatorFactory();
        var lifetime = TimeSpan.FromDays(3);
        var nora = emulator.ClientWith(emulator.UserToken(Hybrid, User(4), lifetime: lifetime));
        var uma = emulator.ClientWith(emulator.UserToken(Hybrid, User(2), lifetime: lifetime));
        var start = emulator.Time.GetUtcNow();

        // "Block users from changing their photos": only User Administrators may.
        var patched = await emulator.PatchAsync($$"""{"source":"cloud","allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}""");
        Assert.Equal($"""["{RoleCatalog.UserAdministrator}"]""", (await GraphAssert.SuccessAsync(patched, HttpStatusCode.OK)).GetProperty("allowedRoles").GetRawText());

        foreach (var hours in (int[])[0, 1, 12, 23])
        {
            emulator.Time.SetUtcNow(start + TimeSpan.FromHours(hours));
            Assert.Equal(HttpStatusCode.OK, (await nora.PutAsync(Photos.PathOf("me") + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await uma.PutAsync(Photos.PathOf("me") + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);
        }

        emulator.Time.SetUtcNow(start + Day);
        await GraphAssert.ErrorAsync(await nora.PutAsync(Photos.PathOf("me") + "/$value", Photos.Body(Photos.Jpeg48x32)),
            HttpStatusCode.Forbidden, "accessDenied", emulator.Time.GetUtcNow(), "photoUpdateSettings in effect allow only");
        Assert.Equal(HttpStatusCode.OK, (await uma.PutAsync(Photos.PathOf("me") + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await uma.PutAsync(Photos.PathOf(User(4).ToString()) + "/$value", Photos.Body(Photos.Png64x40, "image/png"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nora.GetAsync(Photos.PathOf("me"))).StatusCode);
    }

    [Fact]
    public async Task OnPremisesBlocksAdminsTooButOnlyOnceInEffect()
    {
        await using var emulator = new EmulatorFactory();
        var gina = emulator.ClientWith(emulator.UserToken(Hybrid, User(3), lifetime: TimeSpan.FromDays(3)));
        Assert.Equal(HttpStatusCode.OK, (await gina.PutAsync(Photos.PathOf("me") + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");
        emulator.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, (await gina.PutAsync(Photos.PathOf(User(4).ToString()) + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        emulator.Time.Advance(TimeSpan.FromHours(1));
        foreach (var target in (string[])["me", User(4).ToString()])
        {
            await GraphAssert.ErrorAsync(await gina.PutAsync(Photos.PathOf(target) + "/$value", Photos.Body(Photos.Jpeg48x32)),
                HttpStatusCode.Forbidden, "accessDenied", emulator.Time.GetUtcNow(), "managed on-premises");
        }

        await GraphAssert.ErrorAsync(await gina.DeleteAsync(Photos.PathOf("me")), HttpStatusCode.Forbidden, "accessDenied", emulator.Time.GetUtcNow(), "managed on-premises");
        var app = emulator.CreateClient();
        await GraphAssert.ErrorAsync(await app.PutAsync(Photos.PathOf(User(4).ToString()) + "/$value", Photos.Body(Photos.Jpeg48x32)),
            HttpStatusCode.Forbidden, "accessDenied", emulator.Time.GetUtcNow(), "managed on-premises");
        // Reads still work, and the photos set before are untouched.
        Assert.Equal(Photos.Jpeg48x32, await (await gina.GetAsync(Photos.PathOf("me") + "/$value")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task OverlappingPendingChangesMatureInOrderAndDeletePropagatesLikeAnyChange()
    {
        await using var emulator = new EmulatorFactory();
        var control = emulator.CreateClient();
        var start = emulator.Time.GetUtcNow();
        await Block(emulator, RoleCatalog.UserAdministrator);
        emulator.Time.Advance(TimeSpan.FromHours(12));
        await Block(emulator, RoleCatalog.GlobalAdministrator);

        var timeline = await Timeline(control);
        Assert.Equal("null|[]", Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal($"""cloud|["{RoleCatalog.GlobalAdministrator}"]""", Fingerprint(timeline.GetProperty("configured")));
        var pending = timeline.GetProperty("pending").EnumerateArray().ToArray();
        Assert.Equal([start + Day, start + TimeSpan.FromHours(36)], pending.Select(p => p.GetProperty("effectiveAt").GetDateTimeOffset()));
        Assert.Equal([start, start + TimeSpan.FromHours(12)], pending.Select(p => p.GetProperty("requestedAt").GetDateTimeOffset()));

        emulator.Time.SetUtcNow(start + Day);
        timeline = await Timeline(control);
        Assert.Equal($"""cloud|["{RoleCatalog.UserAdministrator}"]""", Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal(start + Day, timeline.GetProperty("effectiveSince").GetDateTimeOffset());
        Assert.Single(timeline.GetProperty("pending").EnumerateArray());

        emulator.Time.SetUtcNow(start + TimeSpan.FromHours(36));
        Assert.Equal(HttpStatusCode.NoContent, (await emulator.CreateClient().DeleteAsync(EmulatorFactory.SettingsPath)).StatusCode);
        timeline = await Timeline(control);
        Assert.Equal($"""cloud|["{RoleCatalog.GlobalAdministrator}"]""", Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal("null|[]", Fingerprint(timeline.GetProperty("configured")));
        Assert.Equal("null|[]", await emulator.SettingsFingerprintAsync());

        emulator.Time.SetUtcNow(start + TimeSpan.FromHours(60));
        timeline = await Timeline(control);
        Assert.Equal("null|[]", Fingerprint(timeline.GetProperty("effective")));
        Assert.Empty(timeline.GetProperty("pending").EnumerateArray());
    }

    [Fact]
    public async Task AZeroDelayMakesChangesTakeEffectAtOnce()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Propagation:Delay", "00:00:00");

        await Block(emulator, RoleCatalog.UserAdministrator);

        var timeline = await Timeline(emulator.CreateClient());
        Assert.Equal($"""cloud|["{RoleCatalog.UserAdministrator}"]""", Fingerprint(timeline.GetProperty("effective")));
        Assert.Empty(timeline.GetProperty("pending").EnumerateArray());
    }

    [Fact]
    public async Task PerTenantClocksAreIndependentAndTheEmulatorClockMovesEveryTenant()
    {
        var emulator = await shared.FreshAsync();
        var control = emulator.CreateClient();
        var start = emulator.Time.GetUtcNow();

        var cloud = await Advance(control, $"/_emulator/tenants/{DefaultTenants.CloudOnlyId}/clock/advance", "PT24H");
        Assert.Equal(start + Day, cloud.GetProperty("now").GetDateTimeOffset());
        Assert.Equal("P1D", cloud.GetProperty("offset").GetString());
        Assert.Equal(start, (await Clock(control, $"/_emulator/tenants/{Hybrid}/clock")).GetProperty("now").GetDateTimeOffset());

        var global = await Advance(control, "/_emulator/clock/advance", "PT2H30M");
        Assert.Equal(start + TimeSpan.FromMinutes(150), global.GetProperty("now").GetDateTimeOffset());
        Assert.Equal(start + TimeSpan.FromMinutes(150), (await Clock(control, $"/_emulator/tenants/{Hybrid}/clock")).GetProperty("now").GetDateTimeOffset());
        Assert.Equal(start + Day + TimeSpan.FromMinutes(150), (await Clock(control, $"/_emulator/tenants/{DefaultTenants.CloudOnlyId}/clock")).GetProperty("now").GetDateTimeOffset());
        Assert.Equal("PT2H30M", (await Clock(control, "/_emulator/clock")).GetProperty("offset").GetString());

        // A block in the advanced tenant matures on that tenant's clock.
        var cloudAdmin = emulator.ClientWith(emulator.AppToken(DefaultTenants.CloudOnlyId));
        await cloudAdmin.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json($$"""{"allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}"""));
        var timeline = await GraphAssert.JsonAsync(await control.GetAsync($"/_emulator/tenants/{DefaultTenants.CloudOnlyId}/photoUpdateSettings"));
        Assert.Equal(start + Day + TimeSpan.FromMinutes(150), timeline.GetProperty("pending")[0].GetProperty("requestedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("-PT1H", "negative")]
    [InlineData("1 day", "is not a duration such as PT24H")]
    [InlineData("", "is not a duration such as PT24H")]
    public async Task ANegativeOrMalformedDurationIsAProblemAndMovesNothing(string by, string mention)
    {
        var emulator = await shared.FreshAsync();
        var control = emulator.CreateClient();

        foreach (var path in (string[])["/_emulator/clock/advance", $"/_emulator/tenants/{Hybrid}/clock/advance"])
        {
            var response = await control.PostAsync(path, EmulatorFactory.Json(JsonSerializer.Serialize(new { by })));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains(mention, (await GraphAssert.JsonAsync(response)).GetProperty("errors").GetProperty("by")[0].GetString());
        }

        Assert.Equal(emulator.Time.GetUtcNow(), (await Clock(control, $"/_emulator/tenants/{Hybrid}/clock")).GetProperty("now").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, (await control.GetAsync($"/_emulator/tenants/{Guid.NewGuid()}/clock")).StatusCode);
    }

    [Fact]
    public async Task RandomModeWithAFixedSeedDrawsTheSameDelaysEveryRunEachWithinTheDelay()
    {
        async Task<TimeSpan[]> Draw()
        {
            await using var emulator = new EmulatorFactory()
                .With("Emulator:Propagation:Mode", "Random")
                .With("Emulator:Propagation:Seed", "42")
                .With("Emulator:Propagation:Delay", "24:00:00");
            var delays = new List<TimeSpan>();
            for (var i = 0; i < 8; i++)
            {
                await emulator.PatchAsync($$"""{"allowedRoles":["{{(i % 2 == 0 ? RoleCatalog.UserAdministrator : RoleCatalog.GlobalAdministrator)}}"]}""");
                var timeline = await Timeline(emulator.CreateClient());
                var newest = timeline.GetProperty("pending").EnumerateArray().LastOrDefault();
                // A draw shorter than an earlier pending change's waits for it (changes mature in order).
                delays.Add(newest.ValueKind == JsonValueKind.Undefined
                    ? TimeSpan.Zero
                    : newest.GetProperty("effectiveAt").GetDateTimeOffset() - newest.GetProperty("requestedAt").GetDateTimeOffset());
                emulator.Time.Advance(TimeSpan.FromHours(6));
            }

            return [.. delays];
        }

        var first = await Draw();
        var second = await Draw();

        Assert.Equal(first, second);
        Assert.All(first, d => Assert.InRange(d, TimeSpan.Zero, Day));
        Assert.True(first.Distinct().Count() > 1, "random delays all came out equal");
    }

    [Fact]
    public void ABadPropagationDelayStopsTheStart()
    {
        using var emulator = new EmulatorFactory().With("Emulator:Propagation:Delay", "a day");

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("Emulator:Propagation:Delay 'a day' must be a duration", error.ToString());
    }

    private static async Task Block(EmulatorFactory emulator, string role) =>
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync($$"""{"source":"cloud","allowedRoles":["{{role}}"]}""")).StatusCode);

    private static async Task<JsonElement> Timeline(HttpClient control) =>
        await GraphAssert.JsonAsync(await control.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));

    private static async Task<JsonElement> Clock(HttpClient control, string path) => await GraphAssert.JsonAsync(await control.GetAsync(path));

    private static async Task<JsonElement> Advance(HttpClient control, string path, string by)
    {
        var response = await control.PostAsync(path, EmulatorFactory.Json(JsonSerializer.Serialize(new { by })));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await GraphAssert.JsonAsync(response);
    }

    private static string Fingerprint(JsonElement settings) => GraphAssert.Fingerprint(settings);
}
