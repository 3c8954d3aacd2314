using System.Globalization;
using System.Security.Cryptography;
using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.IO;
using SkiaSharp;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>A photo body that passed every check: its bytes, its real type and its size in pixels.</summary>
public sealed record ImageUpload(byte[] Content, string ContentType, int Width, int Height)
{
    public string ETag => "\"" + Convert.ToHexString(SHA256.HashData(Content))[..16] + "\"";
}

/// <summary>
/// Judges image bytes: JPEG or PNG only, at most 4 MB, not empty, the content matching its declared type
/// (checked by signature), its dimensions read with MetadataExtractor and within the pixel cap, nothing in
/// it that a decoder would spend without bound on (<see cref="ImageStructure"/>), and the decoder agreeing
/// with those dimensions. A photo upload and a photo in a state document are judged alike.
/// </summary>
public static class ImageContent
{
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The most pixels a photo may declare (6000x6000). Four megabytes of well-compressed bytes can declare
    /// far more (a 20000x20000 grey PNG is 421 KB), and the decoder's own buffers grow with the declared
    /// size, not the file's: a progressive JPEG keeps every coefficient, about 2 to 6 bytes a pixel.
    /// Graph's largest size is 648x648, so the cap is generous for any real profile photo.
    /// </summary>
    public const long MaxPixels = 36_000_000;

    /// <summary>The longest side a photo may have: a 36-megapixel strip of 1 x 36,000,000 is no photo either.</summary>
    public const int MaxSide = 16_384;
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly IJpegSegmentMetadataReader[] JpegSizeReaders = [new JpegReader()];
    private static readonly PngChunkType[] PngSizeChunks = [PngChunkType.IHDR];

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

        if (Dimensions(content, actual) is not { } size)
        {
            return (null, Damaged(actual));
        }

        if (size.Width > MaxSide || size.Height > MaxSide || (long)size.Width * size.Height > MaxPixels)
        {
            return (null, BadRequest(string.Create(CultureInfo.InvariantCulture,
                $"The photo is {size.Width}x{size.Height} pixels; the emulator accepts at most {MaxPixels / 1_000_000} megapixels "
                + $"({MaxPixels:N0} pixels, 6000x6000) and {MaxSide:N0} pixels on a side. Graph's largest photo size is 648x648.")));
        }

        if (ImageStructure.Problem(content, actual) is { } structure)
        {
            return (null, BadRequest(structure));
        }

        // The decoder reads the headers itself: a file whose headers it cannot read, or that it sizes
        // differently (a second frame header, say), would otherwise be stored and fail only when resized.
        return DecoderAgrees(content, size)
            ? (new ImageUpload(content, actual, size.Width, size.Height), null)
            : (null, Damaged(actual));
    }

    private static bool DecoderAgrees(byte[] content, (int Width, int Height) size)
    {
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        return codec is not null && codec.Info.Width == size.Width && codec.Info.Height == size.Height;
    }

    private static BodyProblem Damaged(string type) =>
        BadRequest($"The photo is a damaged {type}: its width and height cannot be read.");

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

    public static BodyProblem TooLarge() =>
        BodyProblem.TooLarge("The photo is larger than 4 MB, the most Graph accepts for a profile photo.");

    private static BodyProblem BadRequest(string message) => BodyProblem.Invalid(message);
}
