using System.Net;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>What the emulator tells its operator when it starts.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Contoso Cloud", "c10d0000-0000-4000-8000-000000000001")]
    [InlineData("Contoso Hybrid", "4b1d0000-0000-4000-8000-000000000002")]
    public async Task WithPrintTokensTheLogPrintsAReadyToPasteAdminTokenForEachBuiltInTenant(string name, string tenantId)
    {
        await using var emulator = new EmulatorFactory().With("Emulator:PrintTokens", "true");
        _ = emulator.CreateClient();

        var line = Assert.Single(emulator.Logs, l => l.StartsWith($"Admin token for {name} ({tenantId})", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line);
        var token = line.Split(' ')[^1];
        var response = await emulator.ClientWith(token).PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json("""{"source":"cloud"}"""));

        var body = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal("cloud", body.GetProperty("source").GetString());
        Assert.Equal(tenantId, await emulator.TenantOfLastRequestAsync());
    }

    [Fact]
    public async Task ByDefaultTheLogPrintsNoTokenButSaysHowToMintOne()
    {
        await using var emulator = new EmulatorFactory();
        _ = emulator.CreateClient();

        Assert.DoesNotContain(emulator.Logs, l => l.StartsWith("Admin token", StringComparison.Ordinal) || l.Contains("eyJ", StringComparison.Ordinal));
        var hint = Assert.Single(emulator.Logs, l => l.StartsWith("A token: curl -s -X POST ", StringComparison.Ordinal));
        Assert.Contains("""-d '{"tenantId":"4b1d0000-0000-4000-8000-000000000002"}'""", hint, StringComparison.Ordinal);
        Assert.Contains(emulator.Logs, l => l.Contains("--print-tokens", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OffModeWarnsInsteadOfPrintingTokens()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Auth:Mode", "Off");
        _ = emulator.CreateClient();

        Assert.DoesNotContain(emulator.Logs, l => l.StartsWith("Admin token", StringComparison.Ordinal));
        Assert.Contains(emulator.Logs, l => l.Contains("For quick sessions only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryRequestIsLoggedOnOneLineWithItsRequestIdAndTheTokensTenant()
    {
        await using var emulator = new EmulatorFactory();

        var response = await emulator.CreateClient().GetAsync(EmulatorFactory.SettingsPath);

        var requestId = GraphAssert.Ids(response);
        Assert.Contains(emulator.Logs, l => l == $"GET {EmulatorFactory.SettingsPath} -> 200 tenant={DefaultTenants.HybridId} request-id={requestId} in 0.0 ms");
    }

    [Fact]
    public async Task ARequestWithoutAVerifiedTokenIsLoggedWithoutATenant()
    {
        await using var emulator = new EmulatorFactory();

        var response = await emulator.ClientWith("not-a-token").GetAsync(EmulatorFactory.SettingsPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var requestId = GraphAssert.Ids(response);
        Assert.Contains(emulator.Logs, l => l == $"GET {EmulatorFactory.SettingsPath} -> 401 tenant=- request-id={requestId} in 0.0 ms");
        Assert.DoesNotContain(emulator.Logs, l => l.Contains("not-a-token", StringComparison.Ordinal));
    }
}
