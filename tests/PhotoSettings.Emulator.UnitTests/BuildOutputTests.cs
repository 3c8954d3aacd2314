using System.Text.Json;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// What a build of ours puts on disk (build/SkiaSharpNativeSymbols.targets): every runtime's Skia library, none of the
/// Windows debug symbols that came beside them (283 MB per output folder, which filled a CI machine's disk).
/// </summary>
public sealed class BuildOutputTests
{
    private static readonly string[] WindowsRuntimes = ["win-x64", "win-x86", "win-arm64"];

    [Fact]
    public void SkiasWindowsLibrariesAreCopiedAndTheirDebugSymbolsAreNot()
    {
        foreach (var runtime in WindowsRuntimes)
        {
            var native = Path.Combine(AppContext.BaseDirectory, "runtimes", runtime, "native");
            Assert.True(File.Exists(Path.Combine(native, "libSkiaSharp.dll")), $"{runtime}'s libSkiaSharp.dll is missing");
            Assert.False(File.Exists(Path.Combine(native, "libSkiaSharp.pdb")), $"{runtime}'s libSkiaSharp.pdb was copied");
        }
    }

    [Fact]
    public void TheDepsFileNamesOnlyFilesThatWereCopied()
    {
        // The host checks the deps file's assets on the runtime they are for: a symbol file named there but not copied
        // would stop the app from starting on Windows.
        var deps = Path.Combine(AppContext.BaseDirectory, "PhotoSettings.Emulator.UnitTests.deps.json");
        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        var named = document.RootElement.GetProperty("targets").EnumerateObject()
            .SelectMany(target => target.Value.EnumerateObject())
            .Where(library => library.Value.TryGetProperty("runtimeTargets", out _))
            .SelectMany(library => library.Value.GetProperty("runtimeTargets").EnumerateObject().Select(asset => asset.Name))
            .Where(path => path.Contains("libSkiaSharp", StringComparison.Ordinal))
            .ToList();

        Assert.Contains("runtimes/win-x64/native/libSkiaSharp.dll", named);
        Assert.DoesNotContain(named, path => path.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.All(named, path => Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, path)), $"{path} is named but missing"));
    }
}
