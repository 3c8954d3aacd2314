using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

// Not "...Console": a namespace of that name would hide System.Console from all code under PhotoSettings.Emulator.
namespace PhotoSettings.Emulator.WebConsole;

/// <summary>
/// The web console at <c>/_emulator/ui</c>: one HTML page, its stylesheet and its script, embedded in the assembly
/// (no CDN, no Node build, nothing read from disk, so it works offline and under native AOT). The files hold no data:
/// the page reads and changes everything through the control API and the Graph surface, sending the control API key
/// itself, so they are served without the key, and a page opened without it can ask for it.
/// </summary>
public static class ConsoleApi
{
    public const string Path = "/_emulator/ui";

    // Page, stylesheet and scripts: the page's assets are named by its own path, so a proxy prefix stays out of them.
    private static readonly FrozenDictionary<string, (string Resource, string ContentType)> Assets = new Dictionary<string, (string, string)>
    {
        [""] = ("index.html", "text/html; charset=utf-8"),
        ["console.css"] = ("console.css", "text/css; charset=utf-8"),
        ["console.js"] = ("console.js", "text/javascript; charset=utf-8"),
        ["settings.js"] = ("settings.js", "text/javascript; charset=utf-8"),
        ["photo-settings.js"] = ("photo-settings.js", "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary();

    // The page runs only its own script and style, talks only to this emulator, and shows photos as blob: URLs.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
        + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateOnStart();
        return builder;
    }

    /// <summary>Maps the console when <c>Emulator:Console:Enabled</c> (it needs the control API too); false when it is off.</summary>
    public static bool MapConsoleApi(this WebApplication app, bool controlEnabled)
    {
        if (!controlEnabled || !app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return false;
        }

        var files = Assets.ToFrozenDictionary(a => a.Key, a => (Content: Load(a.Value.Resource), a.Value.ContentType));
        var group = app.MapGroup(Path).ExcludeFromDescription();
        group.MapGet("", () => Serve(files[""]));
        group.MapGet("/{file}", (string file) => files.TryGetValue(file, out var asset) && file.Length > 0
            ? Serve(asset)
            : ControlProblem.NotFound($"The console has no file '{ClientText.Clip(file)}'."));
        return true;
    }

    private static IResult Serve((byte[] Content, string ContentType) asset) => new ConsoleFile(asset.Content, asset.ContentType);

    private static byte[] Load(string name)
    {
        using var stream = typeof(ConsoleApi).Assembly.GetManifestResourceStream($"PhotoSettings.Emulator.Console.{name}")
            ?? throw new InvalidOperationException($"The console's {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>An embedded file, never cached stale (it changes with the emulator's version) and confined by its policy.</summary>
    private sealed class ConsoleFile(byte[] content, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = content.Length;
            return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : httpContext.Response.Body.WriteAsync(content).AsTask();
        }
    }
}
