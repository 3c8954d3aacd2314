using PhotoSettings.Emulator.Hosting;
using PhotoSettings.Emulator.Primitives;

if (MemoryTrim.OwnsProcess)
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
if (MemoryTrim.OwnsProcess)
{
    app.UseMemoryTrimAfterFirstResponse();
}

app.UsePhotoSettingsEmulator();
app.Run();
return 0;
