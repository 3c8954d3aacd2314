// Times what a test suite that makes a fresh host per test pays, warm (after the process's first of each):
// `new InProcessEmulator()`, a token minted through the control API, the first GET of the settings with it, and
// the dispose; against a bare minimal API on TestServer answering one GET. The pairs alternate which side runs
// first. Then what a suite that shares one emulator pays per test instead: a tenant created, a token minted for it
// and its first PATCH. Prints "pair <emulator ms> <bare ms>" per pair and "tenant <ms>" per tenant.
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using PhotoSettings.Testing;

var pairs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;

await EmulatorOnce();
await BareOnce();
for (var pair = 0; pair < pairs; pair++)
{
    double emulator, bare;
    if (pair % 2 == 0)
    {
        emulator = await Time(EmulatorOnce);
        bare = await Time(BareOnce);
    }
    else
    {
        bare = await Time(BareOnce);
        emulator = await Time(EmulatorOnce);
    }

    Console.WriteLine(FormattableString.Invariant($"pair {emulator:F2} {bare:F2}"));
}

await using (var shared = new InProcessEmulator())
{
    await TenantOnce(shared);
    for (var tenant = 0; tenant < pairs; tenant++)
    {
        Console.WriteLine(FormattableString.Invariant($"tenant {await Time(() => TenantOnce(shared)):F2}"));
    }
}

return 0;

static async Task<double> Time(Func<Task> run)
{
    var started = Stopwatch.GetTimestamp();
    await run();
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

static async Task EmulatorOnce()
{
    await using var emulator = new InProcessEmulator();
    using var client = await emulator.CreateClientForAppAsync(WellKnown.HybridTenantId);
    using var response = await client.GetAsync(WellKnown.SettingsPath);
    Expect(response.StatusCode);
}

static async Task TenantOnce(InProcessEmulator emulator)
{
    var tenant = await emulator.CreateTenantAsync(TestTenant.Hybrid("Per test"));
    using var client = await emulator.CreateClientForAppAsync(tenant.Id);
    using var body = new StringContent($$"""{"source":"cloud","allowedRoles":["{{WellKnown.UserAdministrator}}"]}""", System.Text.Encoding.UTF8, "application/json");
    using var response = await client.PatchAsync(WellKnown.SettingsPath, body);
    Expect(response.StatusCode);
}

static async Task BareOnce()
{
    // The emulator's content root is the output folder (InProcessEmulator sets it); the bare app's is too, since a
    // content root is watched for appsettings files, and the working directory (the repository, for bench/run.sh)
    // cost the bare app ~100 ms a host to watch.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseTestServer();
    builder.Logging.ClearProviders();
    await using var app = builder.Build();
    app.MapGet(WellKnown.SettingsPath, () => TypedResults.Text("{}", "application/json"));
    await app.StartAsync();
    using var client = app.GetTestClient();
    using var response = await client.GetAsync(WellKnown.SettingsPath);
    Expect(response.StatusCode);
}

static void Expect(HttpStatusCode status)
{
    if (status != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"the first request answered {(int)status}");
    }
}
