namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// The <c>request-id</c> and <c>client-request-id</c> of one request. Graph sends both on every
/// response, so they are decided when the request arrives and written before anything else.
/// </summary>
public sealed record RequestIds(string RequestId, string ClientRequestId, bool ClientRequestIdRefused = false)
{
    public const string RequestIdHeader = "request-id";
    public const string ClientRequestIdHeader = "client-request-id";

    // A client-request-id is echoed as sent, but a header is no place for a novel.
    private const int MaxClientRequestIdLength = 256;

    public static RequestIds Of(HttpContext httpContext) =>
        httpContext.Features.Get<RequestIds>() ?? Assign(httpContext);

    internal static RequestIds Assign(HttpContext httpContext)
    {
        var requestId = NewRequestId();
        var sent = httpContext.Request.Headers[ClientRequestIdHeader].ToString().Trim();
        // A header value goes back out as sent only if it is visible ASCII: Kestrel refuses to write a
        // control byte or non-ASCII text, and the request is refused instead (with a fresh id echoed).
        var refused = !Primitives.UntrustedText.IsEchoableHeaderValue(sent);
        var clientRequestId = !refused && sent.Length is > 0 and <= MaxClientRequestIdLength ? sent : requestId;
        var ids = new RequestIds(requestId, clientRequestId, refused);
        httpContext.Features.Set(ids);
        return ids;
    }

    /// <summary>
    /// A random version-4 GUID, as Graph's request ids are. Not <see cref="Guid.NewGuid"/>: it reads the kernel's random
    /// source on every call, a system call per request that a profile of GET put at 6% of the emulator's CPU, and a
    /// request id must be unique, not secret (122 random bits from <see cref="Random.Shared"/>).
    /// </summary>
    internal static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        // Guid's byte order is little-endian in its first three fields: byte 7 holds the version nibble, byte 8 the variant.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
