namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// A path pattern where <c>*</c> stands for any run of characters, matched case-insensitively. The
/// matcher keeps one resume point (the last star), so it never backtracks further than that: at most
/// pattern length × text length steps, whatever the pattern (a regex built from <c>*a*a*a…b</c> took
/// exponential time and pinned a core).
/// </summary>
public sealed class Glob(string pattern)
{
    public string Pattern { get; } = pattern;

    /// <summary>Whether the whole of <paramref name="text"/> matches; a trailing '/' on the text is optional, as a route's is.</summary>
    public bool IsMatch(ReadOnlySpan<char> text) =>
        IsMatch(Pattern, text) || (text.Length > 0 && text[^1] == '/' && IsMatch(Pattern, text[..^1]));

    private static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                // The last star takes one more character; nothing before it is revisited.
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
