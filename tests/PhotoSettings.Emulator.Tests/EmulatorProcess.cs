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

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public static Task<EmulatorProcess> StartAsync(params (string Key, string Value)[] environment) =>
        StartAsync(https: false, environment);

    public static async Task<EmulatorProcess> StartAsync(bool https, params (string Key, string Value)[] environment)
    {
        var port = FreePort();
        var httpsPort = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("photosettings-data-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "PhotoSettings.Emulator.dll"), "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Emulator__DataDir"] = dataDir;
        if (https)
        {
            start.Environment["Emulator__Https__Enabled"] = "true";
            start.Environment["Emulator__Https__Port"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var emulator = new EmulatorProcess(process, new Uri($"http://127.0.0.1:{port}"))
        {
            HttpsAddress = https ? new Uri($"https://localhost:{httpsPort}") : null,
            DataDir = dataDir,
        };
        process.OutputDataReceived += (_, e) => emulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await emulator.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
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
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
