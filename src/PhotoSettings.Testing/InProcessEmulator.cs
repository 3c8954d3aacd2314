using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace PhotoSettings.Testing;

/// <summary>
/// The emulator hosted inside the test process (WebApplicationFactory), on a <see cref="FakeTimeProvider"/>
/// the test moves: nothing listens on a port, and time passes only when the test says so.
/// </summary>
public class InProcessEmulator : PhotoSettingsEmulator
{
    private readonly Factory _factory;

    /// <param name="settings">Configuration, as keys like <c>Emulator:Propagation:Delay</c>.</param>
    /// <param name="start">Where the fake clock starts; a fixed date when null.</param>
    public InProcessEmulator(IReadOnlyDictionary<string, string?>? settings = null, DateTimeOffset? start = null)
    {
        UseOutputFolderAsContentRoot();
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        _factory = new Factory(this, settings ?? new Dictionary<string, string?>());
    }

    /// <summary>The emulator's clock: advancing it moves every tenant's time and token expiry alike.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The emulator's services, for tests that look inside.</summary>
    public IServiceProvider Services => _factory.Services;

    public override Uri BaseAddress => _factory.Server.BaseAddress;

    /// <summary>A message handler that reaches the in-process emulator, for clients you build yourself (such as a Graph SDK adapter).</summary>
    public HttpMessageHandler CreateHandler() => _factory.Server.CreateHandler();

    public override async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    protected override HttpClient CreateRawClient() => _factory.CreateDefaultClient();

    /// <summary>
    /// Changes the emulator's services before it starts (after its own and the fake clock are registered), for
    /// a subclass that adds a logger or replaces a service. The emulator starts on first use, so settings passed
    /// to the constructor may still be filled in until then.
    /// </summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// WebApplicationFactory looks for the emulator's content root before any hook of ours runs: first the
    /// setting <c>ASPNETCORE_TEST_CONTENTROOT_PHOTOSETTINGS_EMULATOR</c>, then a MvcTestingAppManifest.json or
    /// content-root attributes (written only for project references), and last a folder named after the
    /// emulator beside a .sln above the test, which exists only inside this repository: a project that takes
    /// this package from a feed got "Solution root could not be located". The emulator reads no files from
    /// its content root (its role catalogue is embedded), so the test's output folder, where this package's
    /// assemblies and the emulator's deps file are copied, is a content root that exists wherever the package
    /// is used. Only an environment variable is read that early; its value never varies, so setting it from
    /// parallel tests is harmless, and a value the user set is kept.
    /// </summary>
    private static void UseOutputFolderAsContentRoot()
    {
        const string setting = "ASPNETCORE_TEST_CONTENTROOT_PHOTOSETTINGS_EMULATOR";
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(setting)))
        {
            Environment.SetEnvironmentVariable(setting, AppContext.BaseDirectory);
        }
    }

    private sealed class Factory(InProcessEmulator emulator, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        private const string QuietSetting = "Logging:LogLevel:Default";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");

            // Quiet in a test's output: warnings and errors only, unless the test asks for more (docs/testing.md,
            // "Logs": Logging:LogLevel:PhotoSettings.Emulator.Requests=Information turns on one line per request).
            if (!settings.Keys.Any(key => string.Equals(key, QuietSetting, StringComparison.OrdinalIgnoreCase)))
            {
                builder.UseSetting(QuietSetting, "Warning");
            }

            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(emulator.Time);
                emulator.ConfigureServices(services);
            });
        }
    }
}
