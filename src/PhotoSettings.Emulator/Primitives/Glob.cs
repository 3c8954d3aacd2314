namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// A path pattern where <c>*</c> stands for any run of characters, matched case-insensitively, in time linear
/// in the pattern and the text whatever either holds. The pattern is cut at its stars into literal pieces: the
/// first must start the text, the last must end it, and the ones between are found in order, each at its leftmost
/// place (for a star-only pattern that choice never loses a match), with a Knuth-Morris-Pratt search that never
/// re-reads a character. Every Graph request is matched against every fault rule, so a matcher quadratic in the
/// worst case (a regex took exponential time; a resume-point matcher pattern × text steps) let a hundred long rules
/// cost seconds per request.
/// </summary>
public sealed class Glob
{
    private readonly string _first;
    private readonly string _last;
    private readonly Piece[] _middle;
    private readonly bool _starred;

    public Glob(string pattern)
    {
        Pattern = pattern;
        // Per char, as the text is read, so both sides fold case the same way.
        var pieces = new string([.. pattern.Select(char.ToUpperInvariant)]).Split('*');
        _starred = pieces.Length > 1;
        _first = pieces[0];
        _last = _starred ? pieces[^1] : "";
        _middle = _starred ? [.. pieces[1..^1].Where(p => p.Length > 0).Select(p => new Piece(p))] : [];
    }

    public string Pattern { get; }

    /// <summary>Whether the whole of <paramref name="text"/> matches; a trailing '/' on the text is optional, as a route's is.</summary>
    public bool IsMatch(ReadOnlySpan<char> text) =>
        IsWholeMatch(text) || (text.Length > 0 && text[^1] == '/' && IsWholeMatch(text[..^1]));

    private bool IsWholeMatch(ReadOnlySpan<char> text)
    {
        if (!_starred)
        {
            return text.Length == _first.Length && StartsWith(text, _first);
        }

        if (text.Length < _first.Length + _last.Length || !StartsWith(text, _first) || !StartsWith(text[^_last.Length..], _last))
        {
            return false;
        }

        var rest = text[_first.Length..^_last.Length];
        foreach (var piece in _middle)
        {
            var at = piece.IndexIn(rest);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + piece.Text.Length)..];
        }

        return true;
    }

    private static bool StartsWith(ReadOnlySpan<char> text, string upper)
    {
        for (var i = 0; i < upper.Length; i++)
        {
            if (char.ToUpperInvariant(text[i]) != upper[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A literal piece (upper case) with its KMP table: where to resume after a mismatch.</summary>
    private sealed class Piece
    {
        private readonly int[] _fallback;

        public Piece(string text)
        {
            Text = text;
            _fallback = new int[text.Length];
            for (int i = 1, k = 0; i < text.Length; i++)
            {
                while (k > 0 && text[i] != text[k])
                {
                    k = _fallback[k - 1];
                }

                if (text[i] == text[k])
                {
                    k++;
                }

                _fallback[i] = k;
            }
        }

        public string Text { get; }

        public int IndexIn(ReadOnlySpan<char> text)
        {
            for (int i = 0, k = 0; i < text.Length; i++)
            {
                var c = char.ToUpperInvariant(text[i]);
                while (k > 0 && c != Text[k])
                {
                    k = _fallback[k - 1];
                }

                if (c == Text[k] && ++k == Text.Length)
                {
                    return i - k + 1;
                }
            }

            return -1;
        }
    }
}
