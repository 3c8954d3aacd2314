using System.Net;
using System.Text.Json.Nodes;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The pixel cap on photos (36 megapixels, 16384 a side): a photo that declares more is refused before
/// anything decodes it, at upload in Graph's envelope and at a state import in ProblemDetails, and nothing
/// changes.
/// </summary>
public sealed class ImageBudgetTests
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    public static TheoryData<string, string> Bombs => new()
    {
        { "20000x20000 grey PNG", "20000x20000" },
        { "JPEG declaring 30000x30000", "30000x30000" },
        { "progressive JPEG declaring 8000x8000", "8000x8000" },
        { "PNG 16385 wide", "16385x8" },
    };

    private static byte[] Bomb(string name) => name switch
    {
        "20000x20000 grey PNG" => Grey20000,
        "JPEG declaring 30000x30000" => LargeImages.JpegDeclaring(30000, 30000, progressive: false),
        "progressive JPEG declaring 8000x8000" => LargeImages.JpegDeclaring(8000, 8000, progressive: true),
        _ => LargeImages.GreyPng(16385, 8),
    };

    private static readonly byte[] Grey20000 = LargeImages.GreyPng(20000, 20000);

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task AnUploadOverThePixelCapIsABadRequestNamingTheCapAndKeepsThePhoto(string bomb, string size)
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var path = Photos.PathOf(DefaultTenants.UserId(Hybrid, 2).ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);
        var image = Bomb(bomb);
        Assert.True(image.Length < 1024 * 1024, $"{bomb} is {image.Length} bytes: a bomb is small");

        var response = await client.PutAsync(path + "/$value", Photos.Body(image, image[0] == 0x89 ? "image/png" : "image/jpeg"));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(),
            $"The photo is {size} pixels", "at most 36 megapixels", "16,384 pixels on a side");
        var kept = await GraphAssert.SuccessAsync(await client.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal((48, 32), (kept.GetProperty("width").GetInt32(), kept.GetProperty("height").GetInt32()));
        Assert.Equal(Photos.Jpeg48x32, await client.GetByteArrayAsync(path + "/$value"));
    }

    public static TheoryData<string, string> Structures => new()
    {
        { "zTXt", "zTXt chunk inflates to more than 4 MB" },
        { "iCCP", "iCCP chunk inflates to more than 4 MB" },
        { "scans", "more than 100 scans" },
    };

    [Theory]
    [MemberData(nameof(Structures))]
    public async Task AnUploadADecoderWouldSpendWithoutBoundOnIsABadRequestAndKeepsThePhoto(string structure, string message)
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var path = Photos.PathOf(DefaultTenants.UserId(Hybrid, 2).ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);
        var image = structure == "scans" ? LargeImages.JpegWithScanMarkers(101) : LargeImages.PngWithCompressedChunk(structure, 64);

        var response = await client.PutAsync(path + "/$value", Photos.Body(image, structure == "scans" ? "image/jpeg" : "image/png"));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), message);
        Assert.Equal(Photos.Jpeg48x32, await client.GetByteArrayAsync(path + "/$value"));
    }

    [Fact]
    public async Task APngWithASmallProfileAndAJpegOfAFewScansAreAccepted()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var path = Photos.PathOf(DefaultTenants.UserId(Hybrid, 2).ToString());

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path + "/$value", Photos.Body(LargeImages.PngWithCompressedChunk("iCCP", 1), "image/png"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path + "/$value", Photos.Body(LargeImages.JpegWithScanMarkers(20)))).StatusCode);
        Assert.Equal(LargeImages.JpegWithScanMarkers(20), await client.GetByteArrayAsync(path + "/$value"));
    }

    [Fact]
    public async Task AnImportWithAPhotoOverThePixelCapIsRefusedNamingThePhotoAndNothingChanges()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var user = DefaultTenants.UserId(Hybrid, 3);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Photos.PathOf(user.ToString()) + "/$value", Photos.Body(Photos.Png64x40, "image/png"))).StatusCode);
        var before = await client.GetStringAsync("/_emulator/state");
        var document = JsonNode.Parse(before)!.AsObject();
        var tenant = document["tenants"]!.AsArray().Select(t => t!.AsObject()).Single(t => t["id"]!.GetValue<string>() == Hybrid.ToString());
        var photo = tenant["photos"]![0]!.AsObject();
        photo["content"] = Convert.ToBase64String(Grey20000);

        var response = await client.PutAsync("/_emulator/state", EmulatorFactory.Json(document.ToJsonString()));

        var problem = await GraphAssert.ProblemAsync(response, 400);
        var errors = problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => $"{e.Name}: {m.GetString()}"));
        Assert.True(errors.Any(e => e.Contains("photos[0]", StringComparison.Ordinal) && e.Contains("20000x20000 pixels", StringComparison.Ordinal)
            && e.Contains("at most 36 megapixels", StringComparison.Ordinal)), string.Join("\n", errors));
        Assert.Equal(before, await client.GetStringAsync("/_emulator/state"));
    }

    [Fact]
    public async Task APhotoAtTheCapIsAcceptedAndOffersEverySize()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateClient();
        var path = Photos.PathOf(DefaultTenants.UserId(Hybrid, 1).ToString());
        var atCap = LargeImages.GreyPng(6000, 6000);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path + "/$value", Photos.Body(atCap, "image/png"))).StatusCode);

        var metadata = await GraphAssert.SuccessAsync(await client.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal((6000, 6000), (metadata.GetProperty("width").GetInt32(), metadata.GetProperty("height").GetInt32()));
        var sizes = await GraphAssert.SuccessAsync(await client.GetAsync(path + "s"), HttpStatusCode.OK);
        Assert.Equal(9, sizes.GetProperty("value").GetArrayLength());
        using var largest = SkiaSharp.SKBitmap.Decode(await client.GetByteArrayAsync(path + "s/648x648/$value"));
        Assert.Equal((648, 648), (largest.Width, largest.Height));
        Assert.InRange(largest.GetPixel(324, 324).Green, 0x78, 0x88);
    }
}
