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
/// 648x648"); a non-square original is centre-cropped to a square first, so nothing is stretched. The first
/// request for any size of a photo makes every size it offers from one decode at a reduced scale
/// (<see cref="ReducedDecode"/>); requests arriving meanwhile wait for that decode rather than start their
/// own. Sizes are kept per photo content: in memory (up to <see cref="MaxKeptBytes"/>), and with the SQLite
/// store also in the database, so a restart serves them without making them again.
/// </summary>
public sealed class PhotoSizes(IPhotoSizeStore durable)
{
    public static readonly int[] Sides = [48, 64, 96, 120, 240, 360, 432, 504, 648];

    /// <summary>The most bytes of sizes kept in memory; past it the cache starts again (sizes are cheap to remake).</summary>
    public const long MaxKeptBytes = 64L * 1024 * 1024;

    // Keyed by the photo's content ETag: a new upload has a new ETag, so a stale size is never served.
    private readonly ConcurrentDictionary<(string ETag, int Side), PhotoSize> _kept = new();
    private long _keptBytes;

    // One decode per photo in flight, shared by every request for its sizes; removed once it is done.
    private readonly ConcurrentDictionary<string, Lazy<Task<PhotoSize[]>>> _making = new();

    // Decodes of different photos at once, bounded so that many large photos cannot each take their buffers together.
    private readonly SemaphoreSlim _decoders = new(Math.Max(1, Environment.ProcessorCount / 2));

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

    /// <summary>One available size of <paramref name="photo"/>: kept, or made with all its siblings.</summary>
    public async Task<PhotoSize> GetAsync(UserPhoto photo, int side, CancellationToken cancellationToken)
    {
        if (_kept.TryGetValue((photo.ETag, side), out var kept))
        {
            return kept;
        }

        if (durable.FindSize(photo.ETag, side) is { } stored)
        {
            return Keep(photo.ETag, new PhotoSize(IdOf(side), side, ETagOf(photo, side), stored));
        }

        var making = _making.GetOrAdd(photo.ETag, _ => new Lazy<Task<PhotoSize[]>>(() => MakeAllAsync(photo)));
        try
        {
            // A caller that leaves stops waiting; the decode goes on for the others and for the cache.
            var all = await making.Value.WaitAsync(cancellationToken);
            return all.Single(s => s.Side == side);
        }
        finally
        {
            _making.TryRemove(KeyValuePair.Create(photo.ETag, making));
        }
    }

    private async Task<PhotoSize[]> MakeAllAsync(UserPhoto photo)
    {
        PhotoSize[] made;
        await _decoders.WaitAsync();
        try
        {
            var sides = AvailableFor(photo).ToArray();
            using var reduced = ReducedDecode.Decode(photo.Content, sides.Max());
            reduced.SetImmutable();
            using var image = SKImage.FromBitmap(reduced);
            made = sides.Select(side => new PhotoSize(IdOf(side), side, ETagOf(photo, side), SquareJpeg(image, side))).ToArray();
            foreach (var size in made)
            {
                Keep(photo.ETag, size);
            }
        }
        finally
        {
            _decoders.Release();
        }

        // Kept in the database before anyone is answered, outside the decoders' slots: a commit waits on the disk, not the CPU.
        await Task.WhenAll(made.Select(size => durable.KeepSizeAsync(photo.ETag, size.Side, size.Content)));
        return made;
    }

    private PhotoSize Keep(string photoETag, PhotoSize size)
    {
        if (!_kept.TryAdd((photoETag, size.Side), size))
        {
            return size;
        }

        if (Interlocked.Add(ref _keptBytes, size.Content.Length) > MaxKeptBytes)
        {
            _kept.Clear();
            Interlocked.Exchange(ref _keptBytes, 0);
        }

        return size;
    }

    /// <summary>The centre square of the image, scaled to <paramref name="side"/> with a cubic filter, on white (a PNG's transparency has no JPEG form).</summary>
    public static byte[] SquareJpeg(SKImage source, int side)
    {
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
