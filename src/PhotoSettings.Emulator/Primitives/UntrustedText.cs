using System.Text.Json;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// Text from clients (bodies, token claims, headers) is untrusted UTF-16. Valid UTF-8 can still carry a
/// lone surrogate as a JSON escape (<c>"\ud800"</c>), which System.Text.Json only refuses when the string
/// is read, deep inside a validator; these checks find it before anything reads the text.
/// </summary>
public static class UntrustedText
{
    /// <summary>The first string or property name in <paramref name="reader"/>'s current token that holds a lone surrogate escape, or false.</summary>
    public static bool HoldsLoneSurrogate(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped || reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return false;
        }

        try
        {
            reader.GetString();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>
    /// Whether a complete JSON text (a token's payload, say) holds a lone surrogate escape anywhere.
    /// Malformed JSON is the caller's to report; this answers false for it.
    /// </summary>
    public static bool JsonHoldsLoneSurrogate(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
                if (HoldsLoneSurrogate(ref reader))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>A header value that can be echoed as sent: visible ASCII and spaces, nothing else.</summary>
    public static bool IsEchoableHeaderValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
