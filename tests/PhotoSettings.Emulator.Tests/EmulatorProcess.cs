using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The emulator as a separate process on a free loopback port, the way a CI pipeline or a developer
/// runs it: the built PhotoSettings.Emulator.dll under <c>dotnet</c>, driven only over HTTP.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The https endpoint, when started with HTTPS.</summary>
    public Uri? HttpsAddress { get; private init; }

    /// <summary>The emulator's data folder (a fresh temporary one), where it keeps its certificate.</summary>
    public string DataDir { get; private init; } = "";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Resident memory of the process now (Linux), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>SIGKILL: the process dies at once, mid-request, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the orderly stop a container runtime sends.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public static Task<EmulatorProcess> StartAsync(params (string Key, string Value)[] environment) =>
        StartAsync(https: false, environment);

    public static Task<EmulatorProcess> StartAsync(bool https, params (string Key, string Value)[] environment) =>
        StartInAsync(workingDirectory: null, https, environment);

    /// <summary>Starts the emulator with <paramref name="workingDirectory"/> as its working directory (its content root).</summary>
    public static async Task<EmulatorProcess> StartInAsync(string? workingDirectory, bool https, params (string Key, string Value)[] environment)
    {
        // FreePort's ports are free when chosen, but another process of a parallel test run can take one before the
        // emulator binds it ("address already in use"): then the emulator starts again on fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var emulator = Launch(workingDirectory, https, environment);
            try
            {
                await emulator.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
                return emulator;
            }
            catch (InvalidOperationException) when (attempt < 3 && emulator.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static EmulatorProcess Launch(string? workingDirectory, bool https, (string Key, string Value)[] environment)
    {
        var port = FreePort();
        var httpsPort = FreePort();
        var dataDir = environment.FirstOrDefault(e => e.Key == "Emulator__DataDir").Value
            ?? Directory.CreateTempSubdirectory("photosettings-data-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "PhotoSettings.Emulator.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        // ASPNETCORE_HTTP_PORTS or urls given (with "{port}" in the value) replaces --urls, to test what they bind.
        if (!environment.Any(e => e.Key is "ASPNETCORE_HTTP_PORTS" or "urls"))
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{port}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Emulator__DataDir"] = dataDir;
        if (https)
        {
            start.Environment["Emulator__Https__Enabled"] = "true";
            start.Environment["Emulator__Https__Port"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var emulator = new EmulatorProcess(process, new Uri($"http://127.0.0.1:{port}"))
        {
            HttpsAddress = https ? new Uri($"https://localhost:{httpsPort}") : null,
            DataDir = dataDir,
            KeepDataDir = environment.Any(e => e.Key == "Emulator__DataDir"),
        };
        process.OutputDataReceived += (_, e) => emulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        if (KeepDataDir)
        {
            await DisposeProcessAsync();
            return;
        }

        await DisposeProcessAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>Leave the data folder when disposed (a crash test restarts on it).</summary>
    public bool KeepDataDir { get; init; }

    private async Task DisposeProcessAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        using var secure = HttpsAddress is null ? null : new HttpClient(
            new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        { BaseAddress = HttpsAddress, Timeout = TimeSpan.FromSeconds(2) };
        // Polling a process that is starting: the wait is for a readiness signal, not for state.
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the emulator exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                // Kestrel answers on the first address it bound while it still binds the next, so an https emulator is
                // ready when both answer (the readiness probe alone skips the certificate check).
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK
                    && (HttpsAddress is null || (await secure!.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await poll.WaitForNextTickAsync();
        }

        throw new TimeoutException($"the emulator did not answer /healthz within {limit}:\n{Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
