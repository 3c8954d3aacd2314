using System.Net;
using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The emulator reads its configuration once, at start. ASP.NET's default watches the content root (the working
/// directory of <c>dotnet run</c> and of the tool) for appsettings changes, and on Linux that watch adds an inotify
/// watch for every folder under it: a start from a home folder walked the whole tree, and each watch counts against
/// the user's inotify limit.
/// </summary>
[Trait("Category", "Process")]
public sealed class ConfigurationReadOnceProcessTests
{
    [Fact]
    public async Task AnEmulatorStartedInAFolderOfFoldersReadsItsAppsettingsAndWatchesNoneOfThem()
    {
        var folder = Directory.CreateTempSubdirectory("photosettings-cwd-");
        try
        {
            for (var i = 0; i < 40; i++)
            {
                Directory.CreateDirectory(Path.Combine(folder.FullName, $"project{i}", "src", "bin"));
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "appsettings.json"),
                """{"Emulator":{"Propagation":{"Delay":"00:00:07"}}}""");

            await using var emulator = await EmulatorProcess.StartInAsync(folder.FullName, https: false);
            using var client = emulator.CreateClient();
            var settings = await client.GetAsync("/_emulator/settings");

            Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
            using var body = JsonDocument.Parse(await settings.Content.ReadAsStringAsync());
            var photoUpdateSettings = body.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "photoUpdateSettings");
            Assert.Equal("PT7S", photoUpdateSettings.GetProperty("delay").GetString());
            Assert.Equal(0, InotifyWatches(emulator.Pid));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The inotify watches the process holds, from /proc (Linux): one "inotify wd:" line per watch.</summary>
    private static int InotifyWatches(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd")
            .Where(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)));
}
