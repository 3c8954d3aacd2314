using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Net.Http.Headers;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Reads a request body that must be one JSON object, with every failure (media type, size,
/// syntax, duplicate names, encoding) turned into a <see cref="BodyProblem"/>. Both the Graph
/// surface and the control API read bodies here.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    public static async Task<(JsonDocument? Document, BodyProblem? Problem)> ReadObjectAsync(HttpRequest request, int limitBytes)
    {
        var (bytes, length, problem) = await ReadCheckedAsync(request, limitBytes);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            var json = bytes.AsSpan(0, length);
            if (CheckObject(json) is { } refused)
            {
                return (null, refused);
            }

            try
            {
                // The document reads the memory it was given for as long as it lives, so it gets a copy of
                // its own: the pooled buffer goes back to the pool (and to another request) below.
                return (JsonDocument.Parse(json.ToArray(), ParseOptions), null);
            }
            catch (JsonException ex)
            {
                return (null, BadRequest("The request body is not valid JSON: " + ex.Message));
            }
        }
        finally
        {
            Release(bytes);
        }
    }

    /// <summary>
    /// The same checks as <see cref="ReadObjectAsync"/>, then the object deserialised straight from the bytes
    /// with <paramref name="strictTypeInfo"/> (whose options refuse duplicate properties). No
    /// <see cref="JsonDocument"/> is built: over a large body (a state import) its metadata table would be
    /// rented from the shared array pool, which keeps it for the life of the process.
    /// </summary>
    public static async Task<(T? Value, BodyProblem? Problem)> DeserializeObjectAsync<T>(HttpRequest request, int limitBytes, JsonTypeInfo<T> strictTypeInfo)
        where T : class
    {
        var (bytes, length, problem) = await ReadCheckedAsync(request, limitBytes);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            var json = bytes.AsSpan(0, length);
            if (CheckObject(json) is { } refused)
            {
                return (null, refused);
            }

            try
            {
                return (JsonSerializer.Deserialize(json, strictTypeInfo), null);
            }
            catch (JsonException ex)
            {
                return (null, BadRequest("The request body does not fit: " + ex.Message));
            }
        }
        finally
        {
            Release(bytes);
        }
    }

    /// <summary>Media type, size, emptiness and UTF-8: what every JSON body must pass before it is parsed.</summary>
    private static async ValueTask<(byte[] Bytes, int Length, BodyProblem? Problem)> ReadCheckedAsync(HttpRequest request, int limitBytes)
    {
        if (!IsJson(request.ContentType))
        {
            return ([], 0, BodyProblem.UnsupportedMediaType(request.ContentType, "application/json"));
        }

        if (request.ContentLength > limitBytes)
        {
            return ([], 0, BodyProblem.TooLarge(limitBytes));
        }

        var (bytes, length) = await ReadUpToAsync(request.Body, limitBytes + 1, request.HttpContext.RequestAborted);
        var problem = length > limitBytes ? BodyProblem.TooLarge(limitBytes)
            : length == 0 || IsWhiteSpace(bytes.AsSpan(0, length)) ? BadRequest("The request body is empty; a JSON object is expected.")
            // Graph's own answer to a body that declares no media type (a typeless Blob from a page sends one).
            : string.IsNullOrWhiteSpace(request.ContentType) ? BadRequest(UndeclaredMessage)
            // JsonDocument checks UTF-8 only when a string is read, which is too late to answer 400.
            : !System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, length)) ? BadRequest("The request body is not valid UTF-8.")
            : null;
        if (problem is not null)
        {
            Release(bytes);
        }

        return (bytes, length, problem);
    }

    /// <summary>
    /// One pass of the reader: the body is one well-formed JSON object and nothing after it, and no string
    /// or name in it holds a lone UTF-16 surrogate escape (System.Text.Json would throw only when a
    /// validator reads that string). Syntax first, then the root's kind, then the text.
    /// </summary>
    private static BodyProblem? CheckObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = ParseOptions.MaxDepth });
            reader.Read();
            var root = reader.TokenType;
            var loneSurrogate = UntrustedText.HoldsLoneSurrogate(ref reader);
            while (reader.Read())
            {
                loneSurrogate |= UntrustedText.HoldsLoneSurrogate(ref reader);
            }

            return root != JsonTokenType.StartObject ? BadRequest($"The request body must be a JSON object, not {Describe(root)}.")
                : loneSurrogate ? BadRequest(LoneSurrogateMessage)
                : null;
        }
        catch (JsonException ex)
        {
            return BadRequest("The request body is not valid JSON: " + ex.Message);
        }
    }

    public const string UndeclaredMessage =
        "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.";

    public const string LoneSurrogateMessage =
        "The request body holds a string with a lone UTF-16 surrogate (a \\uD800-\\uDFFF escape without its pair); text must be well-formed Unicode.";

    /// <summary>
    /// JSON is <c>application/json</c> or any <c>+json</c> type, in UTF-8. No Content-Type at all passes here, so
    /// that a body-less request is judged on its (empty) body; a body without one is Graph's 400.
    /// </summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? "";
        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        // A quoted charset ("utf-8") is as legal as a bare one (RFC 9110, 5.6.6).
        var charset = media.Charset.HasValue ? HeaderUtilities.RemoveQuotes(media.Charset).Value : null;
        return isJson && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    private const int PooledLimit = 1024 * 1024;

    private static byte[] Take(int size) => size > PooledLimit ? new byte[size] : ArrayPool<byte>.Shared.Rent(size);

    private static void Release(byte[] buffer)
    {
        if (buffer.Length <= PooledLimit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static BodyProblem BadRequest(string message) => BodyProblem.Invalid(message);

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Describe(JsonTokenType token) => Describe(token switch
    {
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    });

    private static bool IsWhiteSpace(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    /// <summary>
    /// Reads at most <paramref name="max"/> bytes into a buffer the caller gives back with <see cref="Release"/>.
    /// Up to 1 MiB buffers are pooled; larger ones (state imports) are plain arrays the GC reclaims, so a
    /// large import leaves no buffer behind.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadUpToAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        var buffer = Take(Math.Min(max, 16 * 1024));
        var length = 0;
        while (length < max)
        {
            if (length == buffer.Length)
            {
                var bigger = Take(Math.Min(max, buffer.Length * 2));
                buffer.AsSpan(0, length).CopyTo(bigger);
                Release(buffer);
                buffer = bigger;
            }

            var read = await ClientBody.ReadAsync(body, buffer.AsMemory(length, Math.Min(buffer.Length, max) - length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return (buffer, length);
    }
}
