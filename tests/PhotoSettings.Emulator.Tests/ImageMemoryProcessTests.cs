using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SkiaSharp;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// What the largest photo the cap admits (6000x6000, its pixel buffer 137 MiB) costs the real process when
/// several of its sizes and its bytes are asked for at once: the peak resident memory the kernel records
/// (VmHWM, reset just before) may grow by at most a fraction or a small multiple of that buffer. Before the
/// reduced-scale decode, one 421 KB PNG cost 773 MiB here.
/// </summary>
[Trait("Category", "Process")]
public sealed class ImageMemoryProcessTests
{
    private const int Side = 6000;
    private const long PixelBuffer = (long)Side * Side * 4;

    [Theory]
    // A JPEG is decoded at 1/8 scale inside libjpeg: far less than one full buffer.
    [InlineData("jpeg", 0.5)]
    // A PNG is decoded whole once, shared by every request, then averaged down: about one buffer.
    [InlineData("png", 2.0)]
    public async Task APhotoAtTheCapServesSeveralSizesAtOnceWithinABoundOfItsPixelBuffer(string format, double buffers)
    {
        var image = format == "png" ? LargeImages.GreyPng(Side, Side) : LargeImages.Photo(Side, Side, SKEncodedImageFormat.Jpeg);
        Assert.InRange(image.Length, 1, 4 * 1024 * 1024);
        await using var emulator = await EmulatorProcess.StartAsync(("Logging__LogLevel__Default", "Warning"));
        using var client = emulator.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
        var upload = new ByteArrayContent(image);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/" + format);
        File.WriteAllText($"/proc/{emulator.Pid}/clear_refs", "5");
        var before = Status(emulator.Pid, "VmRSS:");

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/beta/me/photo/$value", upload)).StatusCode);
        var sides = new[] { 48, 240, 648 };
        var sizes = sides.Select(side => client.GetByteArrayAsync($"/beta/me/photos/{side}x{side}/$value")).ToArray();
        var original = client.GetByteArrayAsync("/beta/me/photo/$value");
        var bodies = await Task.WhenAll([.. sizes, original]);
        var growth = Status(emulator.Pid, "VmHWM:") - before;

        for (var i = 0; i < sides.Length; i++)
        {
            using var decoded = SKBitmap.Decode(bodies[i]);
            Assert.Equal((sides[i], sides[i]), (decoded.Width, decoded.Height));
        }

        Assert.Equal(image, bodies[^1]);
        Assert.True(growth < buffers * PixelBuffer,
            $"peak RSS grew by {growth / 1048576} MiB; the bound is {buffers} x the {PixelBuffer / 1048576} MiB pixel buffer");
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var response = await client.PostAsync("/_emulator/tokens", new StringContent(
            """{"tenantId":"4b1d0000-0000-4000-8000-000000000002","userId":"pat@contosohybrid.onmicrosoft.com"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static long Status(int pid, string key)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
