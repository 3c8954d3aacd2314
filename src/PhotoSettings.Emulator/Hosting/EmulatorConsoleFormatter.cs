using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// The console's default format: one entry, one line. The message is escaped as a whole after it is rendered
/// (<see cref="LogText.Escape"/>), whoever wrote it: ours, Kestrel's, ASP.NET's, a library's. Escaping at the
/// call sites would have missed every line we do not write and every exception message; escaping here misses
/// nothing that reaches the console, and the structured values stay raw for any other logging provider.
/// </summary>
/// <remarks>
/// Our own Information lines are printed bare (the banner, one line per request), so a terminal stays calm;
/// everything else says its level, and a line that is not ours names its category. An exception follows
/// its entry, indented, its message escaped like any other text.
/// </remarks>
public sealed class EmulatorConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The name to give <c>Logging:Console:FormatterName</c> (the default the emulator sets).</summary>
    public const string FormatterName = "photosettings";

    // Deep enough for any real chain of inner exceptions, and a bound on a cyclic one.
    private const int MaxExceptionDepth = 8;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var ours = logEntry.Category.StartsWith("PhotoSettings.", StringComparison.Ordinal);
        if (!ours || logEntry.LogLevel != LogLevel.Information)
        {
            textWriter.Write(Tag(logEntry.LogLevel));
        }

        if (!ours)
        {
            textWriter.Write(LogText.Escape(logEntry.Category));
            textWriter.Write(": ");
        }

        textWriter.Write(LogText.Escape(message));
        textWriter.Write('\n');
        if (logEntry.Exception is { } exception)
        {
            WriteException(textWriter, exception, "    ", 0);
        }
    }

    private static string Tag(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce: ",
        LogLevel.Debug => "dbug: ",
        LogLevel.Information => "info: ",
        LogLevel.Warning => "warn: ",
        LogLevel.Error => "fail: ",
        _ => "crit: ",
    };

    private static void WriteException(TextWriter textWriter, Exception exception, string indent, int depth)
    {
        textWriter.Write(indent);
        textWriter.Write(exception.GetType().FullName);
        textWriter.Write(": ");
        textWriter.Write(LogText.Escape(exception.Message));
        textWriter.Write('\n');
        foreach (var line in (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            textWriter.Write(indent);
            textWriter.Write(LogText.Escape(line.TrimEnd('\r')));
            textWriter.Write('\n');
        }

        if (depth >= MaxExceptionDepth)
        {
            return;
        }

        IEnumerable<Exception> inner = exception is AggregateException aggregate
            ? aggregate.InnerExceptions
            : exception.InnerException is { } one ? [one] : [];
        foreach (var cause in inner)
        {
            WriteException(textWriter, cause, indent + "  ", depth + 1);
        }
    }
}
