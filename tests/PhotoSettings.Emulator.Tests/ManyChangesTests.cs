using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>A million changes to one tenant, through the emulator's own write path: what is stored and what a user sees afterwards.</summary>
public sealed class ManyChangesTests
{
    private const int Changes = 1_000_000;
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly string Admins = $$"""{"source":"cloud","allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}""";
    private static readonly string Globals = $$"""{"source":"cloud","allowedRoles":["{{RoleCatalog.GlobalAdministrator}}"]}""";

    [Fact]
    public async Task AMillionAlternatingChangesTenSecondsApartKeepOnlyADaysWorthAndMatureInOrder()
    {
        await using var emulator = new EmulatorFactory();
        var settings = emulator.Services.GetRequiredService<SettingEngine<PhotoUpdateSettings, SettingsRequest>>();
        var requests = new[] { Request(Admins), Request(Globals) };
        for (var i = 0; i < Changes; i++)
        {
            emulator.Time.Advance(TimeSpan.FromSeconds(10));
            Assert.Null((await settings.WriteAsync(Hybrid, SettingsWriteKind.Patch, requests[i % 2])).Error);
        }

        // A day holds 8,640 changes ten seconds apart: those are pending; change 991,359 (Globals) is the newest in effect.
        var state = emulator.Services.GetRequiredService<ITenantStore>().Peek(Hybrid)!;
        Assert.Equal(8_641, state.History.Count);
        Assert.Equal(Changes, state.ChangeCount);
        var control = emulator.CreateClient();
        var timeline = await Timeline(control);
        Assert.Equal(8_640, timeline.GetProperty("pendingTotal").GetInt32());
        Assert.Equal(Fingerprint(Globals), GraphAssert.Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal(Fingerprint(Globals), await emulator.SettingsFingerprintAsync());

        // Change 991,360 (Admins) was made 24 hours before now.
        emulator.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal(Fingerprint(Globals), GraphAssert.Fingerprint((await Timeline(control)).GetProperty("effective")));
        emulator.Time.Advance(TimeSpan.FromTicks(1));
        timeline = await Timeline(control);
        Assert.Equal(Fingerprint(Admins), GraphAssert.Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal(8_639, timeline.GetProperty("pendingTotal").GetInt32());

        emulator.Time.Advance(Day);
        timeline = await Timeline(control);
        Assert.Equal(Fingerprint(Globals), GraphAssert.Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal(0, timeline.GetProperty("pendingTotal").GetInt32());
        Assert.Equal(0, timeline.GetProperty("superseded").GetInt64());
    }

    [Fact]
    public async Task AMillionAlternatingChangesAtOneInstantKeepTheCapsWorthAndTheNewestTakesEffectADayLater()
    {
        await using var emulator = new EmulatorFactory();
        var settings = emulator.Services.GetRequiredService<SettingEngine<PhotoUpdateSettings, SettingsRequest>>();
        var requests = new[] { Request(Admins), Request(Globals) };
        for (var i = 0; i < Changes; i++)
        {
            Assert.Null((await settings.WriteAsync(Hybrid, SettingsWriteKind.Patch, requests[i % 2])).Error);
        }

        var state = emulator.Services.GetRequiredService<ITenantStore>().Peek(Hybrid)!;
        Assert.Equal(10_000, state.History.Count);
        var control = emulator.CreateClient();
        var timeline = await Timeline(control);
        Assert.Equal(10_000, timeline.GetProperty("pendingTotal").GetInt32());
        Assert.Equal(Changes - 10_000, timeline.GetProperty("superseded").GetInt64());
        Assert.Equal("null|[]", GraphAssert.Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal(Fingerprint(Globals), await emulator.SettingsFingerprintAsync());

        emulator.Time.Advance(Day - TimeSpan.FromTicks(1));
        Assert.Equal("null|[]", GraphAssert.Fingerprint((await Timeline(control)).GetProperty("effective")));
        emulator.Time.Advance(TimeSpan.FromTicks(1));
        timeline = await Timeline(control);
        Assert.Equal(Fingerprint(Globals), GraphAssert.Fingerprint(timeline.GetProperty("effective")));
        Assert.Equal(0, timeline.GetProperty("pendingTotal").GetInt32());
    }

    private static SettingsRequest Request(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SettingsRequest.Read(document.RootElement).Request!;
    }

    private static string Fingerprint(string json)
    {
        using var document = JsonDocument.Parse(json);
        return GraphAssert.Fingerprint(document.RootElement);
    }

    private static async Task<JsonElement> Timeline(HttpClient control)
    {
        var response = await control.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await GraphAssert.JsonAsync(response);
    }
}
