using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// An in-process emulator reads its configuration files once: no watch on the test's output folder per host (on Linux
/// an inotify instance each, where 128 per user is a common limit), as the process does (ConfigurationReadOnceProcessTests).
/// </summary>
public sealed class ConfigurationReadOnceTests
{
    [Fact]
    public void AnInProcessEmulatorReadsItsAppsettingsFilesWithoutWatchingThem()
    {
        using var emulator = new EmulatorFactory();

        var configuration = (IConfigurationRoot)emulator.Services.GetRequiredService<IConfiguration>();

        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.Contains(files, file => file.Source.Path == "appsettings.json");
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched"));
    }
}
