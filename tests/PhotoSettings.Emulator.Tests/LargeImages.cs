using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Images whose declared size is far beyond their file size, as a decompression bomb is made, and real
/// photos at the emulator's pixel cap.
/// </summary>
public static class LargeImages
{
    /// <summary>A real grey PNG: constant rows compress about a thousand to one, so 20000x20000 is some 400 KB.</summary>
    public static byte[] GreyPng(int width, int height) => GreyPng(width, height, null, 0);

    /// <summary>A 64x64 grey PNG with a zTXt or iCCP chunk of <paramref name="inflatedMiB"/> MiB of zeros, compressed about a thousand to one.</summary>
    public static byte[] PngWithCompressedChunk(string type, int inflatedMiB) => GreyPng(64, 64, type, inflatedMiB);

    private static byte[] GreyPng(int width, int height, string? chunkType, int inflatedMiB)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BigEndian(header, 0, width);
        BigEndian(header, 4, height);
        header[8] = 8; // bit depth; colour type 0 (grey), no interlace
        Chunk(file, "IHDR", header);
        if (chunkType is not null)
        {
            using var chunk = new MemoryStream();
            chunk.Write(Encoding.ASCII.GetBytes(chunkType == "iCCP" ? "profile\0\0" : "Comment\0\0"));
            using (var deflate = new ZLibStream(chunk, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < inflatedMiB; i++)
                {
                    deflate.Write(zeros);
                }
            }

            Chunk(file, chunkType, chunk.ToArray());
        }

        using var pixels = new MemoryStream();
        using (var deflate = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[width + 1];
            Array.Fill(row, (byte)0x80);
            row[0] = 0; // filter: none
            for (var y = 0; y < height; y++)
            {
                deflate.Write(row);
            }
        }

        Chunk(file, "IDAT", pixels.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A valid small JPEG whose frame header (SOF0, or SOF2 to call it progressive) declares another size.</summary>
    public static byte[] JpegDeclaring(int width, int height, bool progressive)
    {
        var jpeg = Photos.Jpeg48x32.ToArray();
        for (var i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                jpeg[i + 1] = progressive ? (byte)0xC2 : (byte)0xC0;
                jpeg[i + 5] = (byte)(height >> 8);
                jpeg[i + 6] = (byte)height;
                jpeg[i + 7] = (byte)(width >> 8);
                jpeg[i + 8] = (byte)width;
                return jpeg;
            }
        }

        throw new InvalidOperationException("the fixture JPEG has no frame header");
    }

    /// <summary>The fixture JPEG with a comment holding <paramref name="count"/> start-of-scan markers, as a JPEG of that many scans has.</summary>
    public static byte[] JpegWithScanMarkers(int count)
    {
        var comment = new byte[4 + (count * 2)];
        comment[0] = 0xFF;
        comment[1] = 0xFE;
        comment[2] = (byte)((comment.Length - 2) >> 8);
        comment[3] = (byte)(comment.Length - 2);
        for (var i = 0; i < count; i++)
        {
            comment[4 + (i * 2)] = 0xFF;
            comment[5 + (i * 2)] = 0xDA;
        }

        return [.. Photos.Jpeg48x32.AsSpan(0, 2), .. comment, .. Photos.Jpeg48x32.AsSpan(2)];
    }

    /// <summary>A photo of <paramref name="width"/>x<paramref name="height"/> with detail everywhere (a gradient under fine noise), as a camera's would have.</summary>
    public static byte[] Photo(int width, int height, SKEncodedImageFormat format, int quality = 55)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        var random = new Random(7);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                var noise = format == SKEncodedImageFormat.Png ? 0 : random.Next(24);
                pixels[i] = (byte)((x * 255 / width) + noise);
                pixels[i + 1] = (byte)((y * 255 / height) + noise);
                pixels[i + 2] = (byte)((x + y) * 127 / (width + height) * 2);
                pixels[i + 3] = 255;
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static void BigEndian(byte[] buffer, int at, int value)
    {
        buffer[at] = (byte)(value >> 24);
        buffer[at + 1] = (byte)(value >> 16);
        buffer[at + 2] = (byte)(value >> 8);
        buffer[at + 3] = (byte)value;
    }

    private static void Chunk(Stream file, string type, byte[] body)
    {
        var length = new byte[4];
        BigEndian(length, 0, body.Length);
        file.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        file.Write(typeBytes);
        file.Write(body);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typeBytes.Concat(body))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        var check = new byte[4];
        BigEndian(check, 0, (int)~crc);
        file.Write(check);
    }
}
