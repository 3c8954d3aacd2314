using System.Buffers.Binary;
using System.IO.Compression;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// Structure a decoder would spend without bound on, found before any decoder sees the bytes: a PNG text or
/// colour-profile chunk that inflates without end (3.4 MB of zTXt inflates to 3.5 GB, and libpng inflates it
/// just to open the file: 55 s of CPU here), and a JPEG of thousands of progressive scans (the decoder walks
/// every coefficient of the image once per scan).
/// </summary>
public static class ImageStructure
{
    /// <summary>The most one compressed PNG chunk (zTXt, iTXt, iCCP) may inflate to; a real ICC profile is a few KB to a few hundred.</summary>
    public const int MaxInflatedChunkBytes = 4 * 1024 * 1024;

    /// <summary>The most scans a JPEG may have; a progressive JPEG has about ten, and an Exif thumbnail adds one.</summary>
    public const int MaxJpegScans = 100;

    /// <summary>Why the image's structure is refused, or null.</summary>
    public static string? Problem(byte[] content, string type) => type == ImageContent.Png ? PngProblem(content) : JpegProblem(content);

    private static string? JpegProblem(byte[] content)
    {
        // Inside entropy-coded data every 0xFF is followed by 0x00 or a restart marker, so each FF DA pair is a
        // start of scan (or sits in an embedded thumbnail): counting pairs over-counts, never under-counts.
        var scans = 0;
        var rest = content.AsSpan();
        for (var at = rest.IndexOf((byte)0xFF); at >= 0 && at + 1 < rest.Length; at = rest.IndexOf((byte)0xFF))
        {
            if (rest[at + 1] == 0xDA && ++scans > MaxJpegScans)
            {
                return $"The photo is a JPEG of more than {MaxJpegScans} scans; a progressive JPEG has about ten.";
            }

            rest = rest[(at + 1)..];
        }

        return null;
    }

    private static string? PngProblem(byte[] content)
    {
        for (var at = 8; at + 8 <= content.Length;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(content, at + 4, 4);
            if (length > (uint)(content.Length - at - 8))
            {
                // The decoder reports a damaged file itself.
                return null;
            }

            var data = content.AsSpan(at + 8, (int)length);
            var compressedAt = type switch
            {
                "zTXt" or "iCCP" => data.IndexOf((byte)0) is var name and >= 0 ? name + 2 : -1,
                "iTXt" => CompressedITxt(data),
                _ => -1,
            };
            if (compressedAt > 0 && compressedAt <= data.Length && InflatesPast(content, at + 8 + compressedAt, data.Length - compressedAt, MaxInflatedChunkBytes))
            {
                return $"The photo is a PNG whose {type} chunk inflates to more than {MaxInflatedChunkBytes / (1024 * 1024)} MB.";
            }

            at += 12 + (int)length;
        }

        return null;
    }

    /// <summary>Where an iTXt's text starts when its compression flag is set (keyword, NUL, flag, method, language, NUL, translated keyword, NUL), else -1.</summary>
    private static int CompressedITxt(ReadOnlySpan<byte> data)
    {
        var keyword = data.IndexOf((byte)0);
        if (keyword < 0 || keyword + 2 >= data.Length || data[keyword + 1] == 0)
        {
            return -1;
        }

        var language = data[(keyword + 3)..].IndexOf((byte)0);
        var translated = language < 0 ? -1 : data[(keyword + 4 + language)..].IndexOf((byte)0);
        return translated < 0 ? -1 : keyword + 5 + language + translated;
    }

    private static bool InflatesPast(byte[] content, int offset, int count, int limit)
    {
        using var inflate = new ZLibStream(new MemoryStream(content, offset, count, writable: false), CompressionMode.Decompress);
        var scratch = new byte[64 * 1024];
        var total = 0;
        try
        {
            int read;
            while ((read = inflate.Read(scratch)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return true;
                }
            }
        }
        catch (InvalidDataException)
        {
            // A damaged stream is libpng's to judge; it stops where the stream breaks.
        }

        return false;
    }
}
