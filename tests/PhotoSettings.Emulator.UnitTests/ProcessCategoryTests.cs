using Mono.Cecil;
using Mono.Cecil.Cil;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The fast loop, <c>dotnet test --filter "Category!=Process"</c>, must start no process, browser or container: every
/// test that does carries <c>[Trait("Category", "Process")]</c> on itself or its class. Found by what the tests do, not by
/// their names: the compiled test assemblies are read (Mono.Cecil, no loading) and each test's calls followed through
/// its helpers, lambdas, async bodies and fixtures, down to a call that starts something (<see cref="Starts"/>).
/// The other test projects must be built first (<c>dotnet build PhotoSettings.sln</c> or <c>dotnet test</c> does it).
/// </summary>
public sealed class ProcessCategoryTests
{
    private static readonly string[] TestProjects =
    [
        "tests/PhotoSettings.Emulator.Tests",
        "tests/PhotoSettings.Browser.Tests",
        "tests/PhotoSettings.Aspire.Tests",
        "tests/PhotoSettings.Testcontainers.Tests",
        "samples/PhotoPolicyAuditor.Tests",
    ];

    private static readonly Lazy<IReadOnlyList<FoundTest>> Found = new(ScanAll);

    [Fact]
    public void EveryTestThatStartsAProcessABrowserOrAContainerIsInTheProcessCategory()
    {
        var untagged = Found.Value.Where(t => t.Starter is not null && !t.Tagged).Select(t => $"{t.Name} (reaches {t.Starter})");

        Assert.Empty(untagged);
    }

    [Fact]
    public void TheScanSeesEachWayATestStartsSomethingAndNoneInAnInProcessTest()
    {
        var starting = Found.Value.Where(t => t.Starter is not null).Select(t => t.Name).ToHashSet();

        // A real process through a helper, a browser through a collection fixture, a container, an Aspire app.
        Assert.Contains("PhotoSettings.Emulator.Tests.OutOfProcessTests.TheGuidesTwentyFourHourScenarioPlaysOutThroughTheControlApi", starting);
        Assert.Contains("PhotoSettings.Browser.Tests.SwaggerUiTests.AuthorizingWithTheBuiltInApplicationLetsTryItOutReadTheSettings", starting);
        Assert.Contains(starting, name => name.StartsWith("PhotoSettings.Testcontainers.Tests.PhotoSettingsContainerTests.", StringComparison.Ordinal));
        Assert.Contains(starting, name => name.StartsWith("PhotoSettings.Aspire.Tests.AspireHostingTests.", StringComparison.Ordinal));
        Assert.DoesNotContain("PhotoSettings.Emulator.Tests.PhotoUpdateSettingsTests.GetReturnsTheWholeObjectWithContextAndStableId", starting);
        Assert.DoesNotContain(starting, name => name.StartsWith("PhotoSettings.Testcontainers.Tests.PhotoSettingsBuilderTests.", StringComparison.Ordinal));
    }

    private sealed record FoundTest(string Name, bool Tagged, string? Starter);

    /// <summary>The calls that start something outside the test process, by the type's namespace and the method's name.</summary>
    private static string? Starts(MethodReference method)
    {
        var type = method.DeclaringType.GetElementType();
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var starts = (type.Namespace, method.Name) switch
        {
            ("System.Diagnostics", "Start") => type.Name == "Process",
            // Playwright.CreateAsync starts Playwright's driver process; LaunchAsync the browser.
            (var ns, "CreateAsync" or "LaunchAsync" or "LaunchPersistentContextAsync") when ns.StartsWith("Microsoft.Playwright", StringComparison.Ordinal) => true,
            (var ns, "StartAsync" or "CreateAsync") when ns.StartsWith("DotNet.Testcontainers", StringComparison.Ordinal) => true,
            (var ns, "StartAsync" or "RunAsync") when ns.StartsWith("Aspire.Hosting", StringComparison.Ordinal) => true,
            _ => false,
        };
        return starts ? $"{type.FullName}.{method.Name}" : null;
    }

    private static List<FoundTest> ScanAll()
    {
        var found = new List<FoundTest>();
        foreach (var project in TestProjects)
        {
            using var module = ModuleDefinition.ReadModule(AssemblyPath(project));
            found.AddRange(Scan(module));
        }

        return found;
    }

    private static IEnumerable<FoundTest> Scan(ModuleDefinition module)
    {
        var reaches = new Dictionary<MethodDefinition, string?>();
        foreach (var type in module.GetTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            var tests = type.Methods.Where(IsTest).ToList();
            if (tests.Count == 0)
            {
                continue;
            }

            // What runs for every test of the class: its constructors, its fixtures (class and collection).
            var fixtureStarter = Setup(module, type).Select(m => Reach(m, reaches)).FirstOrDefault(s => s is not null);
            foreach (var test in tests)
            {
                var tagged = IsProcessTrait(test.CustomAttributes) || IsProcessTrait(type.CustomAttributes);
                yield return new FoundTest($"{type.FullName}.{test.Name}", tagged, Reach(test, reaches) ?? fixtureStarter);
            }
        }
    }

    private static IEnumerable<MethodDefinition> Setup(ModuleDefinition module, TypeDefinition type)
    {
        var fixtures = type.Interfaces.Select(i => i.InterfaceType).OfType<GenericInstanceType>()
            .Where(i => i.ElementType.Name == "IClassFixture`1").Select(i => i.GenericArguments[0]).ToList();
        var collection = type.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == "CollectionAttribute")?.ConstructorArguments[0].Value as string;
        if (collection is not null)
        {
            var definition = module.GetTypes().FirstOrDefault(t => t.CustomAttributes.Any(a =>
                a.AttributeType.Name == "CollectionDefinitionAttribute" && a.ConstructorArguments.Count > 0 && Equals(a.ConstructorArguments[0].Value, collection)));
            fixtures.AddRange(definition?.Interfaces.Select(i => i.InterfaceType).OfType<GenericInstanceType>()
                .Where(i => i.ElementType.Name == "ICollectionFixture`1").Select(i => i.GenericArguments[0]) ?? []);
        }

        var fixtureMethods = fixtures.Select(f => f.Resolve()).Where(f => f is not null && f.Module == module).SelectMany(f => f.Methods);
        return type.Methods.Where(m => m.IsConstructor || m.Name is "InitializeAsync" or "DisposeAsync" or "Dispose").Concat(fixtureMethods);
    }

    /// <summary>The first starting call this method reaches, following only methods of its own assembly.</summary>
    private static string? Reach(MethodDefinition method, Dictionary<MethodDefinition, string?> reaches)
    {
        if (reaches.TryGetValue(method, out var known))
        {
            return known;
        }

        reaches[method] = null; // a cycle reaches nothing new
        var callees = new List<MethodDefinition>();
        var stateMachine = method.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name is "AsyncStateMachineAttribute" or "IteratorStateMachineAttribute");
        if ((stateMachine?.ConstructorArguments[0].Value as TypeReference)?.Resolve() is { } machine)
        {
            callees.AddRange(machine.Methods);
        }

        string? starter = null;
        IEnumerable<Instruction> body = method.HasBody ? method.Body.Instructions : [];
        foreach (var instruction in body)
        {
            if (instruction.Operand is not MethodReference called || instruction.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn))
            {
                continue;
            }

            starter ??= Starts(called);
            if (called.GetElementMethod().DeclaringType.Scope == method.Module && called.GetElementMethod().Resolve() is { } local)
            {
                callees.Add(local);
            }
        }

        starter ??= callees.Select(c => Reach(c, reaches)).FirstOrDefault(s => s is not null);
        reaches[method] = starter;
        return starter;
    }

    private static bool IsTest(MethodDefinition method) =>
        method.CustomAttributes.Any(a => IsFactType(a.AttributeType));

    /// <summary>xunit's Fact or Theory, or an attribute of the test assembly derived from one (ContainerFact, BrowserFact).</summary>
    private static bool IsFactType(TypeReference? type)
    {
        for (var depth = 0; type is not null && depth < 8; depth++)
        {
            if (type.Namespace == "Xunit" && type.Name is "FactAttribute" or "TheoryAttribute")
            {
                return true;
            }

            type = type.Scope is ModuleDefinition ? type.Resolve()?.BaseType : null;
        }

        return false;
    }

    private static bool IsProcessTrait(IEnumerable<CustomAttribute> attributes) =>
        attributes.Any(a => a.AttributeType.Name == "TraitAttribute" && a.ConstructorArguments.Count == 2
            && Equals(a.ConstructorArguments[0].Value, "Category") && Equals(a.ConstructorArguments[1].Value, "Process"));

    /// <summary>The project's assembly, built in the same configuration and framework as this one.</summary>
    private static string AssemblyPath(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, project, "bin", configuration.Name, framework.Name, Path.GetFileName(project) + ".dll");
        Assert.True(File.Exists(path), $"{path} is not built: build the solution first (dotnet build PhotoSettings.sln).");
        return path;
    }
}
