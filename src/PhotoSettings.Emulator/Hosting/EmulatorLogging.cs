using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using PhotoSettings.Emulator.Primitives;

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
        builder.Services.AddClosedOptions<ConsoleLoggerOptions>().Configure<IConfiguration>((options, configuration) =>
            options.FormatterName = configuration["Logging:Console:FormatterName"] is { Length: > 0 } name ? name : EmulatorConsoleFormatter.FormatterName);
        builder.Services.AddClosedOptions<LoggerFilterOptions>().PostConfigure(SilenceHostingDiagnosticsWhenOff);
        return builder;
    }

    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// ASP.NET starts an <see cref="System.Diagnostics.Activity"/> and a log scope for every request whenever its hosting
    /// category is enabled at any level, though it writes only its Information request lines there: with those lines
    /// off (the default), the category is switched off outright, so a GET pays neither (docs/performance.md). Whoever
    /// turns the lines on (<c>Logging:LogLevel:Microsoft.AspNetCore=Information</c>, or a provider's own level) gets them.
    /// </summary>
    private static void SilenceHostingDiagnosticsWhenOff(LoggerFilterOptions options)
    {
        LoggerFilterRule? decides = null;
        foreach (var rule in options.Rules)
        {
            if (rule.ProviderName is not null || rule.CategoryName?.Contains('*', StringComparison.Ordinal) == true)
            {
                // A provider's own rule outranks ours for that provider; a wildcard is left to decide for itself.
                if (rule.ProviderName is null)
                {
                    return;
                }

                continue;
            }

            if (rule.CategoryName is null || HostingDiagnostics.StartsWith(rule.CategoryName, StringComparison.OrdinalIgnoreCase))
            {
                if (decides is null || (rule.CategoryName?.Length ?? -1) >= (decides.CategoryName?.Length ?? -1))
                {
                    decides = rule;
                }
            }
        }

        if ((decides?.LogLevel ?? options.MinLevel) >= LogLevel.Warning)
        {
            options.Rules.Add(new LoggerFilterRule(null, HostingDiagnostics, LogLevel.None, null));
        }
    }
}
