using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Graph;

/// <summary>The filter's words: string literals (a quote written twice), identifiers, keywords and punctuation.</summary>
public sealed partial class ODataFilterParser
{
    private string StringLiteral()
    {
        var start = _position++;
        var text = new System.Text.StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c != '\'')
            {
                text.Append(c);
            }
            else if (Peek() == '\'')
            {
                text.Append('\'');
                _position++;
            }
            else
            {
                return text.ToString();
            }
        }

        throw new ODataQueryException($"Invalid filter clause: There is an unterminated string literal at position {start} in '{ClientText.Clip(_text)}'.");
    }

    /// <summary>An identifier, keyword or number (letters, digits, <c>_</c>, <c>.</c>, <c>-</c>), or null when none starts here.</summary>
    private string? Word()
    {
        SkipSpaces();
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '.' || (_text[_position] == '-' && _position == start)))
        {
            _position++;
        }

        return _position > start ? _text[start.._position] : null;
    }

    private bool TakeWord(string word)
    {
        var start = _position;
        if (Word() == word)
        {
            return true;
        }

        _position = start;
        return false;
    }

    private bool Take(char c)
    {
        SkipSpaces();
        if (Peek() != c)
        {
            return false;
        }

        _position++;
        return true;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipSpaces()
    {
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }
    }
}
