using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhotoSettings.Emulator.Tenants;
using PhotoSettings.Testing;

namespace PhotoSettings.Emulator.Tests;

/// <summary>What the shipped <see cref="InProcessEmulator"/> writes to a test's log: warnings only, unless asked.</summary>
public sealed class InProcessLoggingTests
{
    [Fact]
    public async Task AnInProcessEmulatorLogsOnlyWarningsByDefault()
    {
        var lines = new ConcurrentQueue<string>();
        await using var emulator = new CapturedEmulator(lines, new Dictionary<string, string?> { ["Emulator:Auth:Mode"] = "Off" });

        var response = await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(lines, l => l.Contains("For quick sessions only", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("GET ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Graph: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneSettingTurnsOnTheRequestLinesAndNothingElse()
    {
        var lines = new ConcurrentQueue<string>();
        await using var emulator = new CapturedEmulator(lines, new Dictionary<string, string?>
        {
            ["Emulator:Auth:Mode"] = "Off",
            ["Logging:LogLevel:PhotoSettings.Emulator.Requests"] = "Information",
        });

        var response = await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath);

        var requestId = GraphAssert.Ids(response);
        Assert.Contains(lines, l => l == $"GET {EmulatorFactory.SettingsPath} -> 200 tenant={DefaultTenants.HybridId} request-id={requestId} in 0.0 ms");
        Assert.DoesNotContain(lines, l => l.StartsWith("Graph: ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Request starting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoggingLogLevelDefaultGivesTheFullLogIncludingTheBanner()
    {
        var lines = new ConcurrentQueue<string>();
        await using var emulator = new CapturedEmulator(lines, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" });

        var response = await emulator.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(lines, l => l == $"Tenant: Contoso Hybrid {DefaultTenants.HybridId} (Hybrid)");
        Assert.Contains(lines, l => l.StartsWith("GET /healthz -> 200 tenant=- request-id=", StringComparison.Ordinal));
        // ASP.NET's own request lines stay off until Logging:LogLevel:Microsoft.AspNetCore says otherwise.
        Assert.DoesNotContain(lines, l => l.StartsWith("Request starting", StringComparison.Ordinal));
    }

    /// <summary>The shipped fixture as a user has it, with only a log reader added.</summary>
    private sealed class CapturedEmulator(ConcurrentQueue<string> lines, IReadOnlyDictionary<string, string?> settings)
        : InProcessEmulator(settings)
    {
        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(lines));
    }
}
