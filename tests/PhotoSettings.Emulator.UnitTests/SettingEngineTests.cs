using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The settings engine without a host: photoUpdateSettings registered as a declaration, over the in-memory store.</summary>
public sealed class SettingEngineTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly Tenant Hybrid = new(Guid.Parse("11111111-0000-4000-8000-000000000001"), "Hybrid", IdentityModel.Hybrid);

    private static readonly Tenant CloudOnly = new(Guid.Parse("22222222-0000-4000-8000-000000000002"), "Cloud Co", IdentityModel.CloudOnly);

    [Fact]
    public async Task PatchTakesTheDelayOfTheSectionItsDeclarationNames()
    {
        using var services = Services(("Emulator:Propagation:Delay", "07:00:00"));
        var engine = services.GetRequiredService<SettingEngine<PhotoUpdateSettings, SettingsRequest>>();

        var outcome = await engine.WriteAsync(Hybrid.Id, SettingsWriteKind.Patch, Request("""{"source":"onPremises"}"""));

        Assert.Null(outcome.Error);
        var history = engine.HistoryOf(services.GetRequiredService<ITenantStore>().Peek(Hybrid.Id)!);
        Assert.Equal(PhotoUpdateSource.OnPremises, history.Configured.Source);
        Assert.Equal(PhotoUpdateSettings.Default, history.EffectiveAt(Now));
        var pending = Assert.Single(history.Pending(Now));
        Assert.Equal((Now, Now + TimeSpan.FromHours(7)), (pending.RequestedAt, pending.EffectiveAt));
    }

    [Fact]
    public async Task WriteBreakingARuleOfItsTenantIsRefusedAndStoresNothing()
    {
        using var services = Services();
        var engine = services.GetRequiredService<SettingEngine<PhotoUpdateSettings, SettingsRequest>>();

        var outcome = await engine.WriteAsync(CloudOnly.Id, SettingsWriteKind.Patch, Request("""{"source":"onPremises"}"""));

        Assert.Equal(DomainErrorKind.Invalid, outcome.Error?.Kind);
        Assert.Equal("source", Assert.Single(outcome.Error!.Problems).Target);
        var state = services.GetRequiredService<ITenantStore>().Peek(CloudOnly.Id)!;
        Assert.Equal((0, 0L), (engine.HistoryOf(state).Count, state.ChangeCount));
    }

    [Fact]
    public async Task DeleteRecordsTheDefaultAsAChangeThatPropagates()
    {
        using var services = Services(("Emulator:Propagation:Delay", "00:00:00"));
        var engine = services.GetRequiredService<SettingEngine<PhotoUpdateSettings, SettingsRequest>>();
        Assert.Null((await engine.WriteAsync(Hybrid.Id, SettingsWriteKind.Patch, Request("""{"source":"onPremises"}"""))).Error);

        var outcome = await engine.DeleteAsync(Hybrid.Id);

        Assert.Null(outcome.Error);
        var history = engine.HistoryOf(outcome.State!);
        Assert.Equal((PhotoUpdateSettings.Default, PhotoUpdateSettings.Default), (history.Configured, history.EffectiveAt(Now)));
        Assert.Equal(2L, outcome.State!.ChangeCount);
    }

    [Fact]
    public async Task WriteToAMissingTenantIsNotFound()
    {
        using var services = Services();
        var engine = services.GetRequiredService<SettingEngine<PhotoUpdateSettings, SettingsRequest>>();

        var outcome = await engine.WriteAsync(Guid.Parse("33333333-0000-4000-8000-000000000003"), SettingsWriteKind.Patch, Request("{}"));

        Assert.Equal(DomainErrorKind.NotFound, outcome.Error?.Kind);
    }

    [Fact]
    public void BadPropagationOptionsAreNamedInTheWordsOfTheirSettingsSection()
    {
        var validator = new PropagationOptionsValidator("pronouns", "Emulator:Pronouns:Propagation");
        var options = new PropagationOptions { Delay = "soon", MaxPendingChanges = 0 };

        var result = validator.Validate("pronouns", options);

        Assert.True(result.Failed);
        Assert.Equal(
            ["Emulator:Pronouns:Propagation:Delay 'soon' must be a duration (hh:mm:ss, PT24H or d.hh:mm:ss) from 00:00:00 to 365 days.",
             "Emulator:Pronouns:Propagation:MaxPendingChanges 0 must be from 1 to 1000000."],
            result.Failures);
        Assert.True(validator.Validate("photoUpdateSettings", options).Skipped);
    }

    [Fact]
    public void ABadDelayStopsTheSettingsOptionsFromLoading()
    {
        using var services = Services(("Emulator:Propagation:Delay", "tomorrow"));

        var error = Assert.Throws<OptionsValidationException>(() =>
            services.GetRequiredService<IOptionsMonitor<PropagationOptions>>().Get("photoUpdateSettings"));

        Assert.Contains("Emulator:Propagation:Delay 'tomorrow'", error.Message, StringComparison.Ordinal);
    }

    private static SettingsRequest Request(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (request, problem) = SettingsRequest.Read(document.RootElement);
        Assert.Null(problem);
        return request!;
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build());
        services.AddSingleton<TimeProvider>(new FixedTime(Now));
        services.AddSingleton<ITenantStore>(new InMemoryTenantStore([TenantState.New(Hybrid), TenantState.New(CloudOnly)]));
        services.AddSingleton<EmulatorClock>();
        services.AddSingleton(RoleCatalog.LoadEmbedded());
        services.AddPhotoUpdateSettings();
        return services.BuildServiceProvider();
    }

    /// <summary>Time that stands still: the engine reads the clock once per write.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
