using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace PhotoSettings.Emulator.Graph;

/// <summary>Why a body was refused: the status and the message, for either error dialect to word.</summary>
public sealed record BodyProblem(int StatusCode, string Message)
{
    public GraphError ToGraphError() => StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => GraphError.Create(StatusCode, GraphErrors.UnsupportedMediaTypeCode, Message),
        StatusCodes.Status413PayloadTooLarge => GraphError.Create(StatusCode, GraphErrors.TooLargeCode, Message),
        _ => GraphErrors.BadRequest(Message),
    };

    public IResult ToProblem() => TypedResults.Problem(statusCode: StatusCode, detail: Message);
}

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
        if (!IsJson(request.ContentType))
        {
            return (null, Problem(GraphErrors.UnsupportedMediaType(request.ContentType, "application/json")));
        }

        if (request.ContentLength > limitBytes)
        {
            return (null, Problem(GraphErrors.BodyTooLarge(limitBytes)));
        }

        var (bytes, length) = await ReadUpToAsync(request.Body, limitBytes + 1, request.HttpContext.RequestAborted);
        try
        {
            if (length > limitBytes)
            {
                return (null, Problem(GraphErrors.BodyTooLarge(limitBytes)));
            }

            if (length == 0 || IsWhiteSpace(bytes.AsSpan(0, length)))
            {
                return (null, BadRequest("The request body is empty; a JSON object is expected."));
            }

            // JsonDocument checks UTF-8 only when a string is read, which is too late to answer 400.
            if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, length)))
            {
                return (null, BadRequest("The request body is not valid UTF-8."));
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes.AsMemory(0, length), ParseOptions);
            }
            catch (JsonException ex)
            {
                return (null, BadRequest("The request body is not valid JSON: " + ex.Message));
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                var kind = document.RootElement.ValueKind;
                document.Dispose();
                return (null, BadRequest($"The request body must be a JSON object, not {Describe(kind)}."));
            }

            return (document, null);
        }
        finally
        {
            Release(bytes);
        }
    }

    /// <summary>
    /// JSON is <c>application/json</c> or any <c>+json</c> type, in UTF-8. A request with no
    /// Content-Type at all is read as JSON (lenient, like Graph with hand-written curl calls).
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
        var charset = media.Charset.Value;
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

    private static BodyProblem Problem(GraphError error) => new(error.StatusCode, error.Message);

    private static BodyProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

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

            var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max) - length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return (buffer, length);
    }
}
