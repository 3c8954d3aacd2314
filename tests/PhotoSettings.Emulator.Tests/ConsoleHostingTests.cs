using System.Net;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The web console's files at /_emulator/ui: served from the assembly, listed at start-up, switchable off.</summary>
public sealed class ConsoleHostingTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    [Theory]
    [InlineData("/_emulator/ui", "text/html", "<title>PhotoSettings emulator console</title>")]
    [InlineData("/_emulator/ui/", "text/html", "/_emulator/ui/console.js")]
    [InlineData("/_emulator/ui/console.js", "text/javascript", "X-Emulator-Key")]
    [InlineData("/_emulator/ui/console.css", "text/css", "prefers-color-scheme: dark")]
    [InlineData("/_emulator/ui/settings.js", "text/javascript", "/settings")]
    [InlineData("/_emulator/ui/photo-settings.js", "text/javascript", "renderAccess")]
    public async Task TheConsolesFilesAreServedFromTheAssembly(string path, string mediaType, string content)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'; script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnApiKeyThePageLoadsToAskForItWhileItsDataNeedsIt()
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Control:ApiKey", "s3cret");
        var client = emulator.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_emulator/ui")).StatusCode);
        await GraphAssert.ProblemAsync(await client.GetAsync("/_emulator/tenants"), 401);
        await GraphAssert.ProblemAsync(await client.GetAsync($"/_emulator/tenants/{Tenants.DefaultTenants.HybridId}/photoAccess"), 401);
    }

    [Fact]
    public async Task AFileTheConsoleDoesNotHaveIsNotFound()
    {
        var emulator = await shared.FreshAsync();

        var problem = await GraphAssert.ProblemAsync(await emulator.CreateClient().GetAsync("/_emulator/ui/secrets.json"), 404);

        Assert.Contains("secrets.json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Emulator:Console:Enabled")]
    [InlineData("Emulator:Control:Enabled")]
    public async Task TheConsoleIsOffWhenItOrTheControlApiIsSwitchedOff(string setting)
    {
        await using var emulator = new EmulatorFactory().With(setting, "false");

        var response = await emulator.CreateClient().GetAsync("/_emulator/ui");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(emulator.Logs, line => line.Contains("Console: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AnEnabledValueThatIsNotABooleanStopsTheStart()
    {
        using var emulator = new EmulatorFactory().With("Emulator:Console:Enabled", "maybe");

        var error = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains("Emulator:Console:Enabled", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public async Task TheStartUpLogGivesTheConsolesAddress()
    {
        await using var emulator = await EmulatorProcess.StartAsync();

        Assert.Contains($"Console: {emulator.BaseAddress.ToString().TrimEnd('/')}/_emulator/ui", emulator.Output, StringComparison.Ordinal);
    }
}
