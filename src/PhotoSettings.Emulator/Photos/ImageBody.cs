using System.Security.Cryptography;
using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.IO;
using Microsoft.Net.Http.Headers;
using PhotoSettings.Emulator.Graph;

namespace PhotoSettings.Emulator.Photos;

/// <summary>A photo body that passed every check: its bytes, its real type and its size in pixels.</summary>
public sealed record ImageUpload(byte[] Content, string ContentType, int Width, int Height)
{
    public string ETag => "\"" + Convert.ToHexString(SHA256.HashData(Content))[..16] + "\"";
}

/// <summary>
/// Reads a photo upload: JPEG or PNG only, at most 4 MB, not empty, its content matching its declared
/// type (checked by signature) and its dimensions read with MetadataExtractor. A client that declares
/// no type, or <c>application/octet-stream</c> (as the Graph SDKs do for streams), is judged by the signature.
/// </summary>
public static class ImageBody
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly IJpegSegmentMetadataReader[] JpegSizeReaders = [new JpegReader()];
    private static readonly PngChunkType[] PngSizeChunks = [PngChunkType.IHDR];

    public static async Task<(ImageUpload? Image, BodyProblem? Problem)> ReadAsync(HttpRequest request)
    {
        var declared = Declared(request.ContentType);
        if (declared is null)
        {
            return (null, new BodyProblem(StatusCodes.Status415UnsupportedMediaType,
                $"The content type '{Settings.SettingsText.Clip(request.ContentType)}' is not supported for profile photos; send image/jpeg or image/png."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await Graph.ClientBody.ReadAsync(request.Body, chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        return Inspect(buffer.ToArray(), declared);
    }

    /// <summary>
    /// Judges image bytes: <paramref name="declared"/> is the type the client claimed
    /// (<c>image/jpeg</c>, <c>image/png</c>) or "" to go by the signature alone.
    /// </summary>
    public static (ImageUpload? Image, BodyProblem? Problem) Inspect(byte[] content, string declared)
    {
        if (content.Length > MaxBytes)
        {
            return (null, TooLarge());
        }

        if (content.Length == 0)
        {
            return (null, BadRequest("The photo is empty; send the bytes of a JPEG or PNG image."));
        }

        var actual = content.AsSpan().StartsWith(JpegSignature) ? Jpeg : content.AsSpan().StartsWith(PngSignature) ? Png : null;
        if (actual is null)
        {
            return (null, BadRequest("The photo is neither a JPEG nor a PNG image (its first bytes are not either signature)."));
        }

        if (declared.Length > 0 && declared != actual)
        {
            return (null, BadRequest($"The photo was declared as {declared} but its content is {actual}."));
        }

        return Dimensions(content, actual) is { } size
            ? (new ImageUpload(content, actual, size.Width, size.Height), null)
            : (null, BadRequest($"The photo is a damaged {actual}: its width and height cannot be read."));
    }

    /// <summary>The declared image type; "" for "look at the content"; null for a type photos cannot have.</summary>
    private static string? Declared(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "";
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            Jpeg or "image/jpg" or "image/pjpeg" => Jpeg,
            Png => Png,
            "application/octet-stream" => "",
            _ => null,
        };
    }

    private static (int Width, int Height)? Dimensions(byte[] content, string type)
    {
        // Only the segment or chunk that holds the size is read (a JPEG's SOF, a PNG's IHDR): parsing Exif,
        // XMP and ICC profiles too would cost time on every upload for nothing the emulator uses.
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            if (type == Jpeg)
            {
                var jpeg = JpegMetadataReader.ReadMetadata(stream, JpegSizeReaders).OfType<JpegDirectory>().FirstOrDefault();
                return jpeg is not null && jpeg.TryGetInt32(JpegDirectory.TagImageWidth, out var w) && jpeg.TryGetInt32(JpegDirectory.TagImageHeight, out var h) && w > 0 && h > 0
                    ? (w, h)
                    : null;
            }

            var chunk = new PngChunkReader().Extract(new SequentialStreamReader(stream), PngSizeChunks).FirstOrDefault();
            var header = chunk is null ? null : new PngHeader(chunk.Bytes);
            return header is { ImageWidth: > 0, ImageHeight: > 0 } ? (header.ImageWidth, header.ImageHeight) : null;
        }
        catch (Exception ex) when (ex is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }

    private static BodyProblem TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "The photo is larger than 4 MB, the most Graph accepts for a profile photo.");

    private static BodyProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
