using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// How the emulator logs: to the console in <see cref="EmulatorConsoleFormatter"/>'s escaped, one-line format,
/// our own lines at Information (the start-up banner and one line per request), ASP.NET's and Kestrel's only
/// from Warning (their four lines a request said nothing ours does not).
/// </summary>
public static class EmulatorLogging
{
    // Defaults, not decisions: they sit below every other configuration source, so appsettings, the environment
    // (Logging__LogLevel__Microsoft.AspNetCore=Information) and the command line still override them, and so
    // does an in-process host (InProcessEmulator asks for Warning).
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
    };

    public static WebApplicationBuilder AddEmulatorLogging(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Logging.AddConsole();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, EmulatorConsoleFormatter>());

        // The slim builder chooses the simple format in code, after configuration is bound, so a configured default
        // would lose; this runs after it and still lets Logging:Console:FormatterName (json, say) choose.
        builder.Services.AddOptions<ConsoleLoggerOptions>().Configure<IConfiguration>((options, configuration) =>
            options.FormatterName = configuration["Logging:Console:FormatterName"] is { Length: > 0 } name ? name : EmulatorConsoleFormatter.FormatterName);
        return builder;
    }
}
