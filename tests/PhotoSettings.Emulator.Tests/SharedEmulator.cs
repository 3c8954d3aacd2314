using System.Net;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// One in-process emulator for a whole test class (an <see cref="IClassFixture{TFixture}"/>), so a class pays the host's
/// start-up once rather than once per test. xunit runs a class's tests one at a time, and <see cref="FreshAsync"/> puts
/// back what a test could have changed through the API: the built-in tenants and the emulator-wide clock offset
/// (<c>POST /_emulator/reset</c>), the fault rules and the request journal. What it cannot put back (the test clock,
/// the captured logs, options) is why a class that moves <c>Time</c>, reads <c>Logs</c> or needs settings of its own
/// keeps an <see cref="EmulatorFactory"/> per test.
/// </summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    private readonly EmulatorFactory _emulator = new();

    /// <summary>The class's emulator, as a brand-new one would answer.</summary>
    public async Task<EmulatorFactory> FreshAsync()
    {
        var client = _emulator.CreateClient();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/_emulator/reset"), (HttpMethod.Delete, "/_emulator/faults"), (HttpMethod.Delete, "/_emulator/requests") })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{method} {path} answered {(int)response.StatusCode}");
        }

        return _emulator;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _emulator.DisposeAsync().AsTask();
}
