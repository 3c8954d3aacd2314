// Not "...Console": a namespace of that name would hide System.Console from all code under PhotoSettings.Emulator.
namespace PhotoSettings.Emulator.WebConsole;

/// <summary><c>Emulator:Console</c>: the web console at <c>/_emulator/ui</c>, on unless turned off.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Emulator:Console";

    /// <summary>Serve the console (it also needs the control API, <c>Emulator:Control:Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;
}
