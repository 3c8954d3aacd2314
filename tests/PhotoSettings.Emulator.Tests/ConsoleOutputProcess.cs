using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The emulator as a real process whose console output is kept byte for byte. <see cref="EmulatorProcess"/> reads
/// lines, and a line reader swallows the very CR and LF that the log-escaping tests look for.
/// </summary>
public sealed class ConsoleOutputProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly MemoryStream _output = new();
    private readonly Task[] _pumps;
    private readonly string _dataDir;

    private ConsoleOutputProcess(Process process, Uri baseAddress, string dataDir)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDir = dataDir;
        _pumps = [Pump(process.StandardOutput.BaseStream), Pump(process.StandardError.BaseStream)];
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything written so far to stdout and stderr, decoded as UTF-8.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return Encoding.UTF8.GetString(_output.GetBuffer(), 0, (int)_output.Length);
            }
        }
    }

    public static async Task<ConsoleOutputProcess> StartAsync(params (string Key, string Value)[] environment)
    {
        var port = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("photosettings-logs-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "PhotoSettings.Emulator.dll"), "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Emulator__DataDir"] = dataDir;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value.Replace("{DataDir}", dataDir, StringComparison.Ordinal);
        }

        var emulator = new ConsoleOutputProcess(
            Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), new Uri($"http://127.0.0.1:{port}"), dataDir);
        // Our request line in any format (the JSON one writes "->" as "-\u003E"): the health probe got through.
        await emulator.WaitForOutputAsync(" 200 tenant=- request-id=", TimeSpan.FromSeconds(60), probeHealth: true);
        return emulator;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Sends bytes exactly as given on a connection of their own and returns the answer's status line.</summary>
    public async Task<string> SendRawAsync(byte[] request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, BaseAddress.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        var text = Encoding.Latin1.GetString(answer.ToArray());
        return text.Split("\r\n")[0];
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (the console logger writes on a thread of its own).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan limit, bool probeHealth = false)
    {
        using var client = CreateClient();
        // Polling a process's output: the wait is for a line to be written, not for state.
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the emulator exited with {_process.ExitCode}:\n{Output}");
            }

            if (probeHealth)
            {
                try
                {
                    await client.GetAsync("/healthz");
                }
                catch (HttpRequestException)
                {
                }
            }

            await poll.WaitForNextTickAsync();
        }

        throw new TimeoutException($"the output did not show '{text}' within {limit}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await Task.WhenAll(_pumps);
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private async Task Pump(Stream source)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            lock (_output)
            {
                _output.Write(buffer, 0, read);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
