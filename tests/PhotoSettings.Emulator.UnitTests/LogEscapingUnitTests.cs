using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PhotoSettings.Emulator.Hosting;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The escaping and the console format that keep request data from acting on a terminal.</summary>
public sealed class LogEscapingUnitTests
{
    [Theory]
    [InlineData("/beta/x\nAdmin token", "/beta/x\\nAdmin token")]
    [InlineData("a\rb\tc", "a\\rb\\tc")]
    [InlineData("\u001b[2J\u0007\u0000", "\\x1B[2J\\x07\\x00")]
    [InlineData("del\u007f", "del\\x7F")]
    [InlineData("c1\u0085\u009b", "c1\\x85\\x9B")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("bidi\u202e\u2066\u200f\u061c", "bidi\\u202E\\u2066\\u200F\\u061C")]
    public void EveryControlCharacterBecomesAVisibleEscape(string text, string escaped) =>
        Assert.Equal(escaped, LogText.Escape(text));

    [Fact]
    public void ALoneSurrogateBecomesAnEscapeAndAPairStays()
    {
        // Built here: a test attribute cannot carry a lone surrogate.
        var text = "lone" + (char)0xD800 + " pair \U0001F600";

        Assert.Equal("lone\\uD800 pair \U0001F600", LogText.Escape(text));
    }

    [Theory]
    [InlineData("GET /beta/admin/people/photoUpdateSettings -> 200")]
    [InlineData("Zoë Ünïcode ✓ \U0001F600 C:\\data")]
    public void PrintableTextIsLeftAsItIs(string text) =>
        Assert.Same(text, LogText.Escape(text));

    [Fact]
    public void OurInformationLineIsOneBareEscapedLine()
    {
        var output = Write(LogLevel.Information, "PhotoSettings.Emulator.Requests", "GET /x\nAdmin token for Contoso\u001b[0m", null);

        Assert.Equal("GET /x\\nAdmin token for Contoso\\x1B[0m\n", output);
    }

    [Fact]
    public void AnotherCategorysLineSaysItsLevelAndCategoryAndItsExceptionIsEscapedToo()
    {
        var exception = new InvalidOperationException("bad \u001b]0;pwned\u0007\nfail: forged");

        var output = Write(LogLevel.Warning, "Microsoft.AspNetCore.Server.Kestrel", "Bad request\r\n", exception);

        var lines = output.Split('\n');
        Assert.Equal("warn: Microsoft.AspNetCore.Server.Kestrel: Bad request\\r\\n", lines[0]);
        Assert.Equal("    System.InvalidOperationException: bad \\x1B]0;pwned\\x07\\nfail: forged", lines[1]);
        Assert.DoesNotContain(output, c => LogText.IsUnsafe(c) && c != '\n');
    }

    private static string Write(LogLevel level, string category, string message, Exception? exception)
    {
        var writer = new StringWriter();
        var entry = new LogEntry<string>(level, category, new EventId(1), message, exception, (state, _) => state);
        new EmulatorConsoleFormatter().Write(entry, null, writer);
        return writer.ToString();
    }
}
