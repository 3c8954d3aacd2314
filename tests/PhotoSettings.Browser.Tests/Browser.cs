using Microsoft.Playwright;

namespace PhotoSettings.Browser.Tests;

/// <summary>
/// One headless Chromium for the browser tests: Debian's <c>chromium</c> package (or <c>CHROMIUM_PATH</c>), driven by
/// Playwright through <c>ExecutablePath</c>; Playwright's own browser download is never used (these machines are offline).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Why the browser tests cannot run here, or null when Chromium is installed.</summary>
    public static string? Missing =>
        File.Exists(ExecutablePath)
            ? null
            : $"No Chromium at {ExecutablePath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.";

    public async Task InitializeAsync()
    {
        if (Missing is not null)
        {
            // Every test here is a BrowserFact or BrowserTheory, skipped with this reason: nothing to launch.
            return;
        }

        // `dotnet test` runs this assembly beside the others on a CI machine's few cores: an expectation may wait up to
        // 30 s for the page (Playwright's default, 5 s, is for a quiet machine). It retries until then; it never sleeps.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in CI containers, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh context (its own sessionStorage) at a given viewport and colour scheme.</summary>
    public async Task<IPage> OpenAsync(Uri url, int width = 1280, int height = 800, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "Browser";
}

/// <summary>A fact that drives Chromium: skipped, with the reason, only where none is installed (a laptop with only the SDK).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Browser.Missing;
}

/// <summary>A theory that drives Chromium: skipped, with the reason, only where none is installed.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute() => Skip = Browser.Missing;
}
