using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using PhotoSettings.Emulator.Hosting;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The emulator's folders depend one way (docs/architecture.md): each may use the layers below it, never one
/// above it or a sibling in its own layer. A new folder must be placed in <see cref="Layers"/> before it builds green.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "PhotoSettings.Emulator";

    /// <summary>
    /// Bottom first. A folder may use any folder in a lower layer; folders in one layer may not use each other.
    /// The web console (folder Console/, namespace WebConsole, so as not to hide System.Console) sits beside the
    /// control API: it talks to it over HTTP, never through its types.
    /// </summary>
    public static readonly string[][] Layers =
    [
        ["Primitives"],
        ["Roles"],
        ["Graph"],
        ["Journal"],
        ["Tenants"],
        ["Settings", "Photos", "Auth", "Faults"],
        ["Storage", "Control", "WebConsole"],
        ["Hosting"],
    ];

    /// <summary>
    /// The one type outside the layers: the source-generated JSON context names every type the emulator
    /// serialises (one context keeps native AOT simple), and every layer reads its metadata.
    /// </summary>
    private const string GeneratedJson = Root + ".EmulatorJsonContext";

    private static readonly Architecture Emulator = new ArchLoader().LoadAssemblies(typeof(EmulatorHosting).Assembly).Build();

    /// <summary>Every (from, to) the layers forbid: <c>to</c> in the same layer as <c>from</c> or above it.</summary>
    public static TheoryData<string, string> ForbiddenUses()
    {
        var data = new TheoryData<string, string>();
        for (var low = 0; low < Layers.Length; low++)
        {
            foreach (var from in Layers[low])
            {
                foreach (var to in Layers[low..].SelectMany(l => l).Where(to => to != from))
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ForbiddenUses))]
    public void AFolderUsesNoFolderOfItsOwnLayerOrAbove(string from, string to) =>
        Types().That().ResideInNamespace($"{Root}.{from}")
            .Should().NotDependOnAny(Types().That().ResideInNamespace($"{Root}.{to}"))
            .Because($"{from} sits below {to} or beside it (docs/architecture.md)")
            .Check(Emulator);

    [Fact]
    public void EveryFolderHasAPlaceInTheLayers()
    {
        var placed = Layers.SelectMany(l => l).Select(f => $"{Root}.{f}").ToHashSet();

        var unplaced = Emulator.Types
            .Select(t => t.Namespace?.FullName ?? "")
            .Where(ns => ns.StartsWith(Root + ".", StringComparison.Ordinal) && !placed.Contains(ns))
            .Distinct()
            .ToArray();

        Assert.Empty(unplaced);
    }

    [Fact]
    public void OnlyTheGeneratedJsonContextSitsOutsideTheFolders()
    {
        var outside = Emulator.Types
            .Where(t => t.Namespace?.FullName == Root && !t.FullName.StartsWith(GeneratedJson, StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToArray();

        Assert.Empty(outside);
    }

    /// <summary>Which folder uses which: every (from, to) pair of distinct folders with a type dependency between them.</summary>
    public static IReadOnlyList<(string From, string To)> DependencyPairs(Architecture architecture) =>
        [.. architecture.Types
            .Where(t => Folder(t.Namespace?.FullName ?? "") is not null)
            .SelectMany(t => t.Dependencies.Select(d => (From: Folder(t.Namespace!.FullName)!, To: Folder(d.Target.Namespace?.FullName ?? ""))))
            .Where(p => p.To is not null && p.To != p.From)
            .Select(p => (p.From, p.To!))
            .Distinct()
            .OrderBy(p => p.From, StringComparer.Ordinal)
            .ThenBy(p => p.Item2, StringComparer.Ordinal)];

    [Fact]
    public void TheDependencyPairsAllPointDown()
    {
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(f => (f, layer))).ToDictionary(x => x.f, x => x.layer);

        var pairs = DependencyPairs(Emulator);

        Assert.NotEmpty(pairs);
        Assert.All(pairs, p => Assert.True(layerOf[p.To] < layerOf[p.From], $"{p.From} uses {p.To}"));
    }

    private static string? Folder(string ns) =>
        ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..].Split('.')[0] : null;
}
