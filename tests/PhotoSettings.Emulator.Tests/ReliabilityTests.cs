using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PhotoSettings.Emulator.Tenants;
using Xunit.Abstractions;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Crash, load and shutdown, each against the emulator as a real process on loopback, bounded in time.
/// The figures go to the test output (and docs/reliability.md).
/// </summary>
[Trait("Category", "Process")]
public sealed class ReliabilityTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<string> Roles = RoleCatalogTests.BuiltInRoleIds();

    /// <summary>A distinct, valid settings body for write number <paramref name="k"/>.</summary>
    private static string[] RolesFor(long k) =>
        k % Roles.Count == k / Roles.Count % Roles.Count
            ? [Roles[(int)(k % Roles.Count)]]
            : [Roles[(int)(k % Roles.Count)], Roles[(int)(k / Roles.Count % Roles.Count)]];

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesSigkillMidStream()
    {
        var dataDir = Directory.CreateTempSubdirectory("photosettings-crash-").FullName;
        (string, string)[] environment =
        [
            ("Emulator__Storage__Provider", "Sqlite"), ("Emulator__DataDir", dataDir), ("Emulator__Auth__Mode", "Loose"),
            ("Emulator__Propagation__Delay", "00:00:00"), ("Logging__LogLevel__Default", "Warning"),
        ];
        var tenants = new List<Guid> { DefaultTenants.CloudOnlyId, DefaultTenants.HybridId };
        var next = new ConcurrentDictionary<Guid, long>();
        try
        {
            for (var round = 1; round <= 4; round++)
            {
                await using var emulator = await EmulatorProcess.StartAsync(environment);
                var control = emulator.CreateClient();
                if (round == 1)
                {
                    for (var i = 0; i < 6; i++)
                    {
                        var id = Guid.NewGuid();
                        Assert.Equal(HttpStatusCode.Created, (await control.PutAsync($"/_emulator/tenants/{id}", EmulatorFactory.Json($$"""{"displayName":"Crash {{i}}"}"""))).StatusCode);
                        tenants.Add(id);
                    }

                    foreach (var id in tenants)
                    {
                        next[id] = 0;
                    }
                }
                else
                {
                    // After the restart: every tenant holds its last acknowledged write, or the one in flight when it died.
                    foreach (var id in tenants)
                    {
                        var settings = await GraphAssert.JsonAsync(await Authorised(emulator, id).GetAsync(EmulatorFactory.SettingsPath));
                        var roles = settings.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()!).ToArray();
                        var acked = next[id] - 1;
                        // A tenant none of whose writes was acknowledged yet (a slow first round) may still hold its default.
                        var match = acked >= 0 && roles.SequenceEqual(RolesFor(acked)) ? acked
                            : roles.SequenceEqual(RolesFor(acked + 1)) ? acked + 1
                            : acked < 0 && roles.Length == 0 ? acked
                            : (long?)null;
                        Assert.True(match is not null, $"round {round}, tenant {id}: state {string.Join(',', roles)} is neither acknowledged write {acked} nor the one in flight");
                        next[id] = match.Value + 1;
                    }
                }

                // Concurrent writers, one per tenant, then a SIGKILL while they are mid-stream.
                using var stop = new CancellationTokenSource();
                var acknowledged = new ConcurrentDictionary<Guid, long>();
                var writers = tenants.Select(id => Task.Run(async () =>
                {
                    var client = Authorised(emulator, id);
                    while (!stop.IsCancellationRequested)
                    {
                        var k = next[id];
                        try
                        {
                            var response = await client.PatchAsync(EmulatorFactory.SettingsPath,
                                EmulatorFactory.Json(JsonSerializer.Serialize(new { source = "cloud", allowedRoles = RolesFor(k) })), stop.Token);
                            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                            acknowledged[id] = k;
                            next[id] = k + 1;
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                        {
                            return;
                        }
                    }
                })).ToArray();

                using var running = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < TimeSpan.FromSeconds(1.5) && acknowledged.Count < tenants.Count)
                {
                    await running.WaitForNextTickAsync();
                }

                await emulator.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
                output.WriteLine($"round {round}: {acknowledged.Values.Sum(v => v + 1)} writes acknowledged in all rounds so far, across {tenants.Count} tenants; SIGKILL mid-stream");
                foreach (var id in tenants)
                {
                    next[id] = acknowledged.TryGetValue(id, out var last) ? last + 1 : next[id];
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// Group commit: several writers per tenant (settings and a photo each) with the default 24-hour delay, so
    /// every accepted change stays pending and the timeline lists them all. After each SIGKILL, every
    /// acknowledged change is stored, nothing was stored that no request sent, each stored version holds
    /// exactly one request's settings, and each user's photo is the last acknowledged upload or the one in flight.
    /// </summary>
    [Fact]
    public async Task UnderGroupCommitEveryAcknowledgedWriteSurvivesSigkillAndHoldsWhatItsOwnRequestSent()
    {
        const int WritersPerTenant = 4;
        var dataDir = Directory.CreateTempSubdirectory("photosettings-group-").FullName;
        (string, string)[] environment =
        [
            ("Emulator__Storage__Provider", "Sqlite"), ("Emulator__DataDir", dataDir), ("Logging__LogLevel__Default", "Warning"),
            // Above what the rounds can send, so no acknowledged change is superseded by the cap.
            ("Emulator__Propagation__MaxPendingChanges", "1000000"),
        ];
        var tenants = Enumerable.Range(0, 4).Select(_ => (Id: Guid.NewGuid(), User: Guid.NewGuid())).ToArray();
        var sent = tenants.ToDictionary(t => t.Id, _ => new ConcurrentDictionary<string, bool>());
        var acknowledged = tenants.ToDictionary(t => t.Id, _ => new ConcurrentDictionary<string, bool>());
        var counters = tenants.ToDictionary(t => t.Id, _ => new StrongBox<long>(0));
        var photoAcked = new ConcurrentDictionary<Guid, int>();
        var photoNext = tenants.ToDictionary(t => t.Id, _ => 0);
        try
        {
            for (var round = 1; round <= 3; round++)
            {
                await using var emulator = await EmulatorProcess.StartAsync(environment);
                var control = emulator.CreateClient();
                if (round == 1)
                {
                    foreach (var (id, user) in tenants)
                    {
                        Assert.Equal(HttpStatusCode.Created, (await control.PutAsync($"/_emulator/tenants/{id}", EmulatorFactory.Json(
                            $$"""{"displayName":"Group {{id}}","users":[{"id":"{{user}}","userPrincipalName":"u@{{id}}.test","displayName":"U","roles":[]}]}"""))).StatusCode);
                    }
                }
                else
                {
                    foreach (var (id, user) in tenants)
                    {
                        var stored = await StoredVersions(control, id);
                        Assert.Equal(stored.Count, stored.Distinct().Count());
                        Assert.All(stored, v => Assert.True(sent[id].ContainsKey(v), $"round {round}: stored settings {v} were never sent"));
                        Assert.All(acknowledged[id].Keys, v => Assert.Contains(v, stored));
                        var configured = await GraphAssert.JsonAsync(await Authorised(emulator, id).GetAsync(EmulatorFactory.SettingsPath));
                        Assert.Equal(stored[^1], string.Join(',', configured.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString())));

                        var photo = await Authorised(emulator, id).GetAsync($"/v1.0/users/{user}/photo/$value");
                        var last = photoAcked.TryGetValue(id, out var acked) ? acked : -1;
                        if (photo.StatusCode == HttpStatusCode.NotFound)
                        {
                            Assert.Equal(-1, last);
                        }
                        else
                        {
                            var bytes = await photo.Content.ReadAsByteArrayAsync();
                            var match = bytes.SequenceEqual(PhotoNumber(last + 1)) ? last + 1 : last >= 0 && bytes.SequenceEqual(PhotoNumber(last)) ? last : -1;
                            Assert.True(match >= 0, $"round {round}, tenant {id}: the photo is neither acknowledged upload {last} nor the one in flight");
                            photoNext[id] = match + 1;
                        }
                    }
                }

                using var stop = new CancellationTokenSource();
                var writes = 0L;
                var settingsWriters = tenants.SelectMany(t => Enumerable.Range(0, WritersPerTenant).Select(_ => Task.Run(async () =>
                {
                    var client = Authorised(emulator, t.Id);
                    while (!stop.IsCancellationRequested)
                    {
                        var roles = RolesFor(Interlocked.Increment(ref counters[t.Id].Value));
                        var key = string.Join(',', roles);
                        sent[t.Id][key] = true;
                        try
                        {
                            var response = await client.PatchAsync(EmulatorFactory.SettingsPath,
                                EmulatorFactory.Json(JsonSerializer.Serialize(new { source = "cloud", allowedRoles = roles })), stop.Token);
                            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                            Assert.Equal(key, string.Join(',', (await GraphAssert.JsonAsync(response)).GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString())));
                            acknowledged[t.Id][key] = true;
                            Interlocked.Increment(ref writes);
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                        {
                            return;
                        }
                    }
                })));
                var photoWriters = tenants.Select(t => Task.Run(async () =>
                {
                    var client = Authorised(emulator, t.Id);
                    while (!stop.IsCancellationRequested)
                    {
                        var k = photoNext[t.Id];
                        try
                        {
                            var response = await client.PutAsync($"/v1.0/users/{t.User}/photo/$value", Photos.Body(PhotoNumber(k), "image/png"), stop.Token);
                            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                            photoAcked[t.Id] = k;
                            photoNext[t.Id] = k + 1;
                            Interlocked.Increment(ref writes);
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                        {
                            return;
                        }
                    }
                }));
                var writers = settingsWriters.Concat(photoWriters).ToArray();

                using var running = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
                var started = Interlocked.Read(ref writes);
                while (Interlocked.Read(ref writes) < started + 400 && !writers.Any(w => w.IsFaulted))
                {
                    await running.WaitForNextTickAsync();
                }

                await emulator.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
                output.WriteLine($"round {round}: {acknowledged.Values.Sum(a => a.Count)} settings changes and {photoAcked.Values.Sum(k => k + 1)} photos acknowledged so far over {tenants.Length} tenants, {WritersPerTenant} settings writers each; SIGKILL mid-stream");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Every stored settings version of the tenant, oldest first, as its roles joined by commas (all pending: the delay is a day).</summary>
    private static async Task<List<string>> StoredVersions(HttpClient control, Guid tenant)
    {
        var versions = new List<string>();
        string? next = $"/_emulator/tenants/{tenant}/photoUpdateSettings?limit=1000";
        while (next is not null)
        {
            var page = await GraphAssert.JsonAsync(await control.GetAsync(next));
            versions.AddRange(page.GetProperty("pending").EnumerateArray().Select(p =>
                string.Join(',', p.GetProperty("settings").GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()))));
            next = page.TryGetProperty("next", out var link) ? link.GetString() : null;
        }

        return versions;
    }

    /// <summary>A distinct 8x8 PNG for upload number <paramref name="k"/>.</summary>
    private static byte[] PhotoNumber(int k)
    {
        using var bitmap = new SkiaSharp.SKBitmap(8, 8);
        bitmap.Erase(new SkiaSharp.SKColor((byte)(k & 0xFF), (byte)((k >> 8) & 0xFF), (byte)((k >> 16) & 0xFF)));
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public async Task UnderAMixedLoadThereIsNo5xxNoLostWriteAndMemoryLevelsOff()
    {
        await using var emulator = await EmulatorProcess.StartAsync(
            ("Emulator__Propagation__Delay", "00:00:00"), ("Logging__LogLevel__Default", "Warning"));
        var control = emulator.CreateClient();
        var tenants = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            var id = Guid.NewGuid();
            var user = Guid.NewGuid();
            await control.PutAsync($"/_emulator/tenants/{id}", EmulatorFactory.Json(
                $$"""{"displayName":"Load {{i}}","users":[{"id":"{{user}}","userPrincipalName":"u{{i}}@load.test","displayName":"U","roles":[]}]}"""));
            tenants.Add(id);
        }

        // The load is a fixed amount of work, not a fixed time: on a loaded machine 12 s did a quarter of the requests
        // of a quiet one, and memory was still on its way to the level a quiet run reaches, so "levels off" is judged
        // by how far through the work each sample was taken. The time cap only ends a run that could never finish.
        const long Work = 40_000;
        var requests = 0L;
        var serverErrors = new ConcurrentBag<string>();
        var lastSettings = new ConcurrentDictionary<Guid, long>();
        var lastPhoto = new ConcurrentDictionary<Guid, string>();
        var memory = new List<(long Done, long Bytes)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        void Count()
        {
            if (Interlocked.Increment(ref requests) >= Work)
            {
                stop.Cancel();
            }
        }

        async Task Writer(Guid tenant)
        {
            var client = Authorised(emulator, tenant);
            for (long k = 0; !stop.IsCancellationRequested; k++)
            {
                var response = await client.PatchAsync(EmulatorFactory.SettingsPath, EmulatorFactory.Json(JsonSerializer.Serialize(new { allowedRoles = RolesFor(k) })));
                Count();
                if ((int)response.StatusCode >= 500) { serverErrors.Add($"PATCH {(int)response.StatusCode}"); }
                else if (response.IsSuccessStatusCode) { lastSettings[tenant] = k; }
            }
        }

        async Task Uploader(Guid tenant, int index)
        {
            var client = Authorised(emulator, tenant);
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                var image = k % 2 == 0 ? Photos.Jpeg48x32 : Photos.Png64x40;
                var response = await client.PutAsync($"/v1.0/users/u{index}@load.test/photo/$value", Photos.Body(image, k % 2 == 0 ? "image/jpeg" : "image/png"));
                Count();
                if ((int)response.StatusCode >= 500) { serverErrors.Add($"PUT photo {(int)response.StatusCode}"); }
                else if (response.IsSuccessStatusCode) { lastPhoto[tenant] = k % 2 == 0 ? "image/jpeg" : "image/png"; }
            }
        }

        async Task Reader(int seed)
        {
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                var tenant = tenants[(seed + k) % tenants.Count];
                var response = await Authorised(emulator, tenant).GetAsync(EmulatorFactory.SettingsPath);
                Count();
                if ((int)response.StatusCode >= 500) { serverErrors.Add($"GET {(int)response.StatusCode}"); }
            }
        }

        async Task Sampler()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                memory.Add((Interlocked.Read(ref requests), emulator.ResidentBytes()));
            }
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(
            tenants.Select(Writer)
                .Concat(tenants.Take(8).Select((t, i) => Uploader(t, tenants.IndexOf(t))))
                .Concat(Enumerable.Range(0, 16).Select(Reader))
                .Append(Sampler()));
        watch.Stop();

        Assert.Empty(serverErrors);
        foreach (var tenant in tenants)
        {
            var settings = await GraphAssert.JsonAsync(await Authorised(emulator, tenant).GetAsync(EmulatorFactory.SettingsPath));
            Assert.Equal(RolesFor(lastSettings[tenant]), settings.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()!));
        }

        foreach (var (tenant, type) in lastPhoto)
        {
            var photo = await Authorised(emulator, tenant).GetAsync($"/v1.0/users/u{tenants.IndexOf(tenant)}@load.test/photo");
            Assert.Equal(type, (await GraphAssert.JsonAsync(photo)).GetProperty("@odata.mediaContentType").GetString());
        }

        Assert.True(requests >= Work, $"the load did {requests} of its {Work} requests before the time cap");
        var middle = memory.Where(m => m.Done >= Work / 3 && m.Done < 2 * Work / 3).Max(m => m.Bytes);
        var last = memory.Where(m => m.Done >= 2 * Work / 3).Max(m => m.Bytes);
        output.WriteLine($"{requests} requests in {watch.Elapsed.TotalSeconds:0.0} s ({requests / watch.Elapsed.TotalSeconds:0} req/s) from 41 clients over 16 tenants; 0 server errors");
        output.WriteLine($"RSS: start {memory[0].Bytes / 1048576} MiB, middle-third peak {middle / 1048576} MiB, last-third peak {last / 1048576} MiB");
        Assert.True(last <= middle * 1.25, $"memory kept growing: middle-third peak {middle / 1048576} MiB, last-third peak {last / 1048576} MiB");
    }

    [Fact]
    public async Task SigtermLetsAnInFlightRequestFinishAndClosesTheDatabaseCleanly()
    {
        var dataDir = Directory.CreateTempSubdirectory("photosettings-term-").FullName;
        try
        {
            await using var emulator = await EmulatorProcess.StartAsync(("Emulator__Storage__Provider", "Sqlite"), ("Emulator__DataDir", dataDir));
            var client = Authorised(emulator, DefaultTenants.HybridId);
            var body = new GatedContent(Photos.Jpeg48x32);

            var upload = client.PutAsync($"/beta/users/{DefaultTenants.UserId(DefaultTenants.HybridId, 1)}/photo/$value", body);
            await body.FirstHalfSent;
            emulator.Terminate();
            body.SendTheRest();

            Assert.Equal(HttpStatusCode.OK, (await upload).StatusCode);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await emulator.WaitForExitAsync(exit.Token);
            Assert.Equal(0, emulator.ExitCode);
            var database = Path.Combine(dataDir, "photosettings.db");
            Assert.False(File.Exists(database + "-wal") && new FileInfo(database + "-wal").Length > 0, "the WAL was left behind: the database was not closed");
            using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", check.ExecuteScalar());
            check.CommandText = "SELECT count(*) FROM photos;";
            Assert.Equal(1L, check.ExecuteScalar());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static HttpClient Authorised(EmulatorProcess emulator, Guid tenant)
    {
        var client = emulator.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Unsigned(Tokens.Claims(
            DateTimeOffset.UtcNow, tenant, ("roles", new[] { "PeopleSettings.ReadWrite.All", "ProfilePhoto.ReadWrite.All" }))));
        return client;
    }

    /// <summary>A body sent in two halves: the second only when the test says, so a request is truly in flight.</summary>
    private sealed class GatedContent(byte[] content) : HttpContent
    {
        private readonly TaskCompletionSource _firstHalf = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstHalfSent => _firstHalf.Task;

        public void SendTheRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Headers.ContentType ??= new MediaTypeHeaderValue("image/jpeg");
            await stream.WriteAsync(content.AsMemory(0, content.Length / 2));
            await stream.FlushAsync();
            _firstHalf.TrySetResult();
            await _rest.Task;
            await stream.WriteAsync(content.AsMemory(content.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = content.Length;
            return true;
        }
    }
}
