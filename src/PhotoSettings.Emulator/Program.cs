using PhotoSettings.Emulator.Hosting;
using PhotoSettings.Emulator.Primitives;

// A process of its own (dotnet run, the tool, the container), not a host inside a test run: its start is what a
// person waits for (docs/performance.md).
var ownsProcess = MemoryTrim.OwnsProcess;
if (ownsProcess)
{
    MemoryTrim.HoldCollectionsDuringStartup();
}

if (EmulatorCommandLine.Translate(args, Console.Out, out var exitCode) is not { } hostArgs)
{
    return exitCode;
}

var builder = WebApplication.CreateSlimBuilder([EmulatorCommandLine.ReadConfigurationOnce, .. hostArgs]);
builder.AddPhotoSettingsEmulator();

var app = builder.Build();
if (ownsProcess)
{
    app.UseMemoryTrimAfterFirstResponse();
}

app.UsePhotoSettingsEmulator();
if (ownsProcess)
{
    StartupWarmUp.Begin(app);
}

app.Run();
return 0;
