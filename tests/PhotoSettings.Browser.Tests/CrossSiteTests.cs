using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using PhotoSettings.Emulator.Tests;

namespace PhotoSettings.Browser.Tests;

/// <summary>
/// What a web page the developer opens can do to the emulator beside it, in real Chromium: an attacker's page on
/// another port sends the simple (preflight-free) requests a page can send anywhere, and a page whose name resolves
/// to 127.0.0.1 (DNS rebinding) tries to read the state. Auth is Off, the mode in which a write would reach Graph.
/// </summary>
[Trait("Category", "Process")]
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteTests(Browser browser)
{
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";

    [Fact]
    public async Task APageOnAnotherOriginCannotFaultResetAdvanceOrPatchTheEmulator()
    {
        await using var emulator = await StartAsync();
        var before = await SnapshotAsync(emulator);
        var target = emulator.BaseAddress.ToString().TrimEnd('/');
        using var attacker = AttackerSite.Serve($$"""
            <!doctype html>
            <form id="reset" method="post" action="{{target}}/_emulator/reset" target="sink"><input name="x" value="1"></form>
            <iframe name="sink"></iframe>
            <script>
            const to = path => '{{target}}' + path;
            const blob = text => new Blob([text]);
            window.attack = Promise.allSettled([
              fetch(to('/_emulator/faults'), { method: 'POST', mode: 'no-cors', body: blob('{"path":"/beta/*","status":503}') }),
              fetch(to('/_emulator/clock/advance'), { method: 'POST', mode: 'no-cors', body: blob('{"by":"P30D"}') }),
              fetch(to('/_emulator/reset'), { method: 'POST', mode: 'no-cors' }),
              fetch(to('{{Emulator.SettingsPath}}'), { method: 'POST', mode: 'no-cors', body: blob('{"allowedRoles":[]}') }),
              fetch(to('{{Emulator.SettingsPath}}'), { method: 'PATCH', body: blob('{"allowedRoles":[]}') }),
            ]).then(results => results.map(r => r.status));
            </script>
            """);

        var page = await browser.OpenAsync(attacker.Address);
        var outcomes = await page.EvaluateAsync<string[]>("window.attack");
        var form = await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync("document.getElementById('reset').submit()"), $"{target}/_emulator/reset");

        Assert.Equal(5, outcomes.Length);
        Assert.Equal(403, form.Status);
        Assert.Equal(before, await SnapshotAsync(emulator));
        // The simple POST to the settings did reach the emulator, and was refused before its handler.
        var journal = await emulator.ControlAsync("/_emulator/requests");
        Assert.Contains(JsonDocument.Parse(journal).RootElement.EnumerateArray(), e =>
            e.GetProperty("method").GetString() == "POST" && e.GetProperty("path").GetString() == Emulator.SettingsPath && e.GetProperty("status").GetInt32() == 403);
    }

    [Fact]
    public async Task APageWhoseNameResolvesToLoopbackIsRefusedAndCannotReadTheState()
    {
        await using var emulator = await StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var rebinding = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browser.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--host-resolver-rules=MAP rebind.test 127.0.0.1"],
        });
        var page = await rebinding.NewPageAsync();

        var load = await page.GotoAsync($"http://rebind.test:{emulator.BaseAddress.Port}/_emulator/ui");
        var read = await page.EvaluateAsync<JsonElement>(
            "fetch('/_emulator/state').then(async r => ({ status: r.status, body: await r.text() }))");

        Assert.Equal(403, load!.Status);
        Assert.Contains("rebind.test", await load.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(403, read.GetProperty("status").GetInt32());
        Assert.DoesNotContain(PhotoSettings.Emulator.Tenants.DefaultTenants.AppSecret, read.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    private static async Task<EmulatorProcess> StartAsync()
    {
        var emulator = await EmulatorProcess.StartAsync(
            ("Emulator__Auth__Mode", "Off"), ("Emulator__Propagation__Delay", "00:00:00"), ("Logging__LogLevel__Default", "Warning"));
        using var client = emulator.CreateClient();
        var patch = await client.PatchAsync(Emulator.SettingsPath, new StringContent($$"""{"allowedRoles":["{{GlobalAdministrator}}"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        return emulator;
    }

    /// <summary>The fault rules, the clocks, and the settings (changed at start, so a reset would show).</summary>
    private static async Task<string> SnapshotAsync(EmulatorProcess emulator) =>
        string.Join(' ', await emulator.ControlAsync("/_emulator/faults"),
            JsonDocument.Parse(await emulator.ControlAsync("/_emulator/clock")).RootElement.GetProperty("offset").GetString(),
            JsonDocument.Parse(await emulator.ControlAsync(Emulator.SettingsPath)).RootElement.GetProperty("allowedRoles").GetRawText());

    /// <summary>The attacker: one page served on its own loopback port, a different origin from the emulator's.</summary>
    private sealed class AttackerSite : IDisposable
    {
        private readonly HttpListener _listener;

        private AttackerSite(HttpListener listener, Uri address)
        {
            _listener = listener;
            Address = address;
        }

        public Uri Address { get; }

        public static AttackerSite Serve(string html)
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var address = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.ToString());
            listener.Start();
            var bytes = Encoding.UTF8.GetBytes(html);
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    try
                    {
                        var context = await listener.GetContextAsync();
                        context.Response.ContentType = "text/html; charset=utf-8";
                        await context.Response.OutputStream.WriteAsync(bytes);
                        context.Response.Close();
                    }
                    catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }
                }
            });
            return new AttackerSite(listener, address);
        }

        public void Dispose() => _listener.Close();
    }
}
