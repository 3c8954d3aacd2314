using System.Diagnostics;
using System.Reflection;

namespace PhotoSettings.Aspire.Tests;

/// <summary>
/// Builds this repository's Dockerfile once per test run with the docker CLI (the CLI DCP drives), tagged
/// <c>photosettings-emulator:&lt;package version&gt;</c>, the image <c>AddPhotoSettingsEmulator</c> runs: what the docs
/// tell a user to build. Always built (the layer cache makes an unchanged build quick), so a stale image is never
/// what gets tested; nothing is pulled.
/// </summary>
public sealed class EmulatorImage : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (!ContainerEngine.IsReachable)
        {
            return;
        }

        var tag = $"{PhotoSettingsEmulatorBuilderExtensions.ImageName}:{PhotoSettingsEmulatorBuilderExtensions.DefaultTag}";
        var (exitCode, output) = await ContainerEngine.DockerAsync(TimeSpan.FromMinutes(20), "build", "--pull=false", "-t", tag, ContainerEngine.RepositoryRoot);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"docker build -t {tag} failed ({exitCode}):\n{output}");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class EmulatorImageCollection : ICollectionFixture<EmulatorImage>
{
    public const string Name = "emulator image";
}

/// <summary>Whether the docker CLI reaches an engine (Docker, or podman's Docker API through DOCKER_HOST).</summary>
internal static class ContainerEngine
{
    private static readonly Lazy<bool> Reachable = new(() =>
        DockerAsync(TimeSpan.FromSeconds(30), "version", "--format", "{{.Server.Version}}").GetAwaiter().GetResult().ExitCode == 0);

    public static bool IsReachable => Reachable.Value;

    public const string Missing =
        "No container engine answers the docker CLI (`docker version` failed). These tests run the emulator's container " +
        "under DCP; on machines without Docker, start podman's Docker API first: eval \"$(bash ../shared/tools/container/docker-api.sh)\".";

    public static string RepositoryRoot { get; } =
        typeof(ContainerEngine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static async Task<(int ExitCode, string Output)> DockerAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            using var cancel = new CancellationTokenSource(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
            await process.WaitForExitAsync(cancel.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return (-1, exception.Message);
        }
    }
}

/// <summary>A fact that needs a container engine: skipped, with the reason, only when none answers.</summary>
public sealed class ContainerEngineFactAttribute : FactAttribute
{
    public ContainerEngineFactAttribute()
    {
        if (!ContainerEngine.IsReachable)
        {
            Skip = ContainerEngine.Missing;
        }
    }
}
