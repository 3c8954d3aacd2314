using SkiaSharp;

namespace PhotoSettings.Emulator.Photos;

/// <summary>
/// Decodes a stored photo at a reduced scale: the largest power-of-two reduction whose shorter side still
/// holds the largest size needed. Sizes are at most 648x648, so a 6000x6000 photo is decoded to 750x750
/// (2 MiB of pixels) instead of 6000x6000 (137 MiB). A JPEG is reduced inside libjpeg's inverse DCT (1/2,
/// 1/4, 1/8); a PNG cannot be decoded at a reduced scale, so it is decoded once in full and averaged down in
/// blocks before any size is cut.
/// </summary>
public static class ReducedDecode
{
    /// <summary>The whole image, its shorter side at least <paramref name="atLeast"/> when the original's is.</summary>
    public static SKBitmap Decode(byte[] encoded, int atLeast)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidOperationException("A stored photo could not be decoded; uploads are checked, so this is a bug.");
        var shorter = Math.Min(codec.Info.Width, codec.Info.Height);
        var factor = 1;
        while (shorter / (factor * 2) >= atLeast && (codec.EncodedFormat != SKEncodedImageFormat.Jpeg || factor < 8))
        {
            factor *= 2;
        }

        return codec.EncodedFormat == SKEncodedImageFormat.Jpeg ? Scaled(codec, factor) : Averaged(codec, factor);
    }

    private static SKBitmap Scaled(SKCodec codec, int factor)
    {
        var size = codec.GetScaledDimensions(1f / factor);
        var bitmap = Blank(size.Width, size.Height);
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result == SKCodecResult.InvalidScale)
        {
            bitmap.Dispose();
            return Averaged(codec, factor);
        }

        return Decoded(result, bitmap);
    }

    /// <summary>
    /// Decodes at full size (this Skia decodes a PNG only whole: its scanline decoder answers Unimplemented)
    /// and averages each block of factor x factor pixels into one, so the full buffer lives only for the
    /// length of this call and the sizes are cut from the small one.
    /// </summary>
    private static SKBitmap Averaged(SKCodec codec, int factor)
    {
        var full = Blank(codec.Info.Width, codec.Info.Height);
        Decoded(codec.GetPixels(full.Info, full.GetPixels()), full);
        if (factor == 1)
        {
            return full;
        }

        using var owned = full;
        var bitmap = Blank(Math.Max(1, full.Width / factor), Math.Max(1, full.Height / factor));
        var source = full.GetPixelSpan();
        var target = bitmap.GetPixelSpan();
        var sums = new uint[bitmap.Width * 4];
        var block = (uint)(factor * factor);
        for (var y = 0; y < bitmap.Height; y++)
        {
            Array.Clear(sums);
            for (var k = 0; k < factor; k++)
            {
                var row = source.Slice((y * factor + k) * full.RowBytes, full.RowBytes);
                for (int x = 0, p = 0; x < sums.Length; x += 4)
                {
                    for (var j = 0; j < factor; j++, p += 4)
                    {
                        sums[x] += row[p];
                        sums[x + 1] += row[p + 1];
                        sums[x + 2] += row[p + 2];
                        sums[x + 3] += row[p + 3];
                    }
                }
            }

            var line = target.Slice(y * bitmap.RowBytes, bitmap.Width * 4);
            for (var i = 0; i < line.Length; i++)
            {
                line[i] = (byte)(sums[i] / block);
            }
        }

        return bitmap;
    }

    private static SKBitmap Blank(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        return bitmap;
    }

    /// <summary>A damaged tail still yields the rows before it (as browsers show it); anything else is a bug.</summary>
    private static SKBitmap Decoded(SKCodecResult result, SKBitmap bitmap)
    {
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput)
        {
            return bitmap;
        }

        bitmap.Dispose();
        throw new InvalidOperationException($"A stored photo could not be decoded ({result}); uploads are checked, so this is a bug.");
    }
}
