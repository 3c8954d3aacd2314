using System.Globalization;
using System.Text;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// Text on its way to a terminal or a log file, which may come from a request. A terminal obeys control
/// characters: a line feed starts a line that looks like the emulator's own, ESC starts an escape sequence,
/// U+2028 breaks a line in some viewers and the bidi overrides reorder what a reader sees. So every such
/// character is written as a visible escape instead, and the data stays readable.
/// </summary>
public static class LogText
{
    /// <summary>
    /// <paramref name="text"/> with every C0 control, DEL, C1 control, line or paragraph separator, bidi control
    /// and lone surrogate written as <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\xHH</c> or <c>\uHHHH</c>; the same
    /// instance when there is none (the common case allocates nothing).
    /// </summary>
    public static string Escape(string text)
    {
        var first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (!IsUnsafe(c))
            {
                escaped.Append(c);
            }
            else
            {
                _ = c switch
                {
                    '\n' => escaped.Append("\\n"),
                    '\r' => escaped.Append("\\r"),
                    '\t' => escaped.Append("\\t"),
                    <= '\u00ff' => escaped.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)),
                    _ => escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                };
            }
        }

        return escaped.ToString();
    }

    /// <summary>Whether a character must not reach a terminal as it is (a surrogate counts: a pair is checked by the caller).</summary>
    public static bool IsUnsafe(char c) => c switch
    {
        < ' ' or '\u007f' => true,
        >= '\u0080' and <= '\u009f' => true,
        '\u2028' or '\u2029' => true,
        '\u061c' or '\u200e' or '\u200f' => true,
        >= '\u202a' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => char.IsSurrogate(c),
    };

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }

        return -1;
    }
}
