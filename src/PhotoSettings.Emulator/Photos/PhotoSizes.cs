using System.Collections.Concurrent;
using SkiaSharp;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Photos;

/// <summary>One of Graph's HD photo sizes, cut from a stored photo: a square JPEG.</summary>
public sealed record PhotoSize(string Id, int Side, string ETag, byte[] Content)
{
    public const string ContentType = "image/jpeg";
}

/// <summary>
/// Graph's HD sizes of a user's photo (48x48 up to 648x648). A size is available when it fits inside the
/// original (its side at most the original's shorter side, as "a 504x504 upload offers every size but
/// 648x648"); a non-square original is centre-cropped to a square first, so nothing is stretched. Sizes are
/// made with SkiaSharp on first request and kept per photo content, not per request: in memory, and with
/// the SQLite store also in the database, so a restart serves them without making them again.
/// </summary>
public sealed class PhotoSizes(IPhotoSizeStore durable)
{
    public static readonly int[] Sides = [48, 64, 96, 120, 240, 360, 432, 504, 648];

    // Keyed by the photo's content ETag: a new upload has a new ETag, so a stale size is never served.
    // Bounded: past this many kept sizes the cache starts again (sizes are cheap to remake).
    private const int MaxKept = 4096;
    private readonly ConcurrentDictionary<(string ETag, int Side), PhotoSize> _kept = new();

    public static IEnumerable<int> AvailableFor(UserPhoto photo) => Sides.Where(s => s <= Math.Min(photo.Width, photo.Height));

    /// <summary>Parses a size segment ("48x48", case-insensitive); null when it is not one of Graph's sizes.</summary>
    public static int? Parse(string segment)
    {
        var parts = segment.Split('x', 'X');
        return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w)
            && parts[1] == parts[0] && Sides.Contains(w) ? w : null;
    }

    public static string IdOf(int side) => $"{side}x{side}";

    public static string ETagOf(UserPhoto photo, int side) => $"\"{photo.ETag.Trim('"')}-{side}\"";

    public PhotoSize Get(UserPhoto photo, int side)
    {
        if (_kept.TryGetValue((photo.ETag, side), out var kept))
        {
            return kept;
        }

        if (_kept.Count >= MaxKept)
        {
            _kept.Clear();
        }

        return _kept.GetOrAdd((photo.ETag, side), _ => new PhotoSize(IdOf(side), side, ETagOf(photo, side), Make(photo, side)));
    }

    private byte[] Make(UserPhoto photo, int side)
    {
        if (durable.FindSize(photo.ETag, side) is { } kept)
        {
            return kept;
        }

        var made = SquareJpeg(photo.Content, side);
        durable.KeepSize(photo.ETag, side, made);
        return made;
    }

    /// <summary>The centre square of the image, scaled to <paramref name="side"/> with a cubic filter, on white (a PNG's transparency has no JPEG form).</summary>
    public static byte[] SquareJpeg(byte[] original, int side)
    {
        using var source = SKImage.FromEncodedData(original)
            ?? throw new InvalidOperationException("A stored photo could not be decoded; uploads are checked, so this is a bug.");
        var square = Math.Min(source.Width, source.Height);
        var crop = SKRect.Create((source.Width - square) / 2f, (source.Height - square) / 2f, square, square);
        using var target = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(source, crop, SKRect.Create(0, 0, side, side), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var image = SKImage.FromBitmap(target);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
