using System.Net;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using PhotoSettings.Emulator.Tenants;
using SkiaSharp;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Graph's HD sizes of a profile photo (<c>/photos</c>, <c>/photos/{size}</c>, <c>/photos/{size}/$value</c>):
/// which sizes a square, landscape, portrait or tiny original offers, and bytes decoded to their real size.
/// </summary>
public sealed class PhotoSizesTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private static readonly string[] AllSizes = ["48x48", "64x64", "96x96", "120x120", "240x240", "360x360", "432x432", "504x504", "648x648"];

    [Theory]
    [InlineData(512, 512, "jpeg", 8)]
    [InlineData(800, 300, "png", 5)]
    [InlineData(260, 700, "jpeg", 5)]
    [InlineData(700, 700, "png", 9)]
    [InlineData(40, 40, "png", 0)]
    public async Task ThePhotosCollectionOffersEverySizeThatFitsInsideTheOriginal(int width, int height, string format, int expected)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var user = DefaultTenants.UserId(Hybrid, 1);
        await Upload(client, $"/beta/users/{user}", Image(width, height, format), format);

        var collection = await GraphAssert.SuccessAsync(await client.GetAsync($"/beta/users/{user}/photos"), HttpStatusCode.OK);

        Assert.EndsWith($"/beta/$metadata#users('{user}')/photos", collection.GetProperty("@odata.context").GetString());
        var sizes = collection.GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(AllSizes.Take(expected), sizes.Select(s => s.GetProperty("id").GetString()));
        Assert.All(sizes, s =>
        {
            Assert.Equal(s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32());
            Assert.Equal("image/jpeg", s.GetProperty("@odata.mediaContentType").GetString());
            Assert.StartsWith("\"", s.GetProperty("@odata.mediaEtag").GetString());
        });
        Assert.Equal(expected, sizes.Select(s => s.GetProperty("@odata.mediaEtag").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData("beta", "id", "48x48")]
    [InlineData("v1.0", "upn", "240x240")]
    [InlineData("beta", "me", "96X96")]
    [InlineData("v1.0", "me", "120x120")]
    public async Task ASizeIsReallyResizedToAJpegOfThatSizeByIdUpnAndMe(string version, string who, string size)
    {
        var emulator = await shared.FreshAsync();
        var user = DefaultTenants.UserId(Hybrid, 2);
        var client = who == "me" ? emulator.ClientWith(emulator.UserToken(Hybrid, user, ["User.ReadWrite"])) : emulator.CreateClient();
        var root = who switch { "me" => $"/{version}/me", "upn" => $"/{version}/users/uma@contosohybrid.onmicrosoft.com", _ => $"/{version}/users/{user}" };
        await Upload(client, root, Image(800, 300, "png"), "png");
        var side = int.Parse(size.Split('x', 'X')[0], System.Globalization.CultureInfo.InvariantCulture);

        var metadata = await GraphAssert.SuccessAsync(await client.GetAsync($"{root}/photos/{size}"), HttpStatusCode.OK);
        var bytes = await client.GetAsync($"{root}/photos/{size}/$value");

        Assert.Equal($"{side}x{side}", metadata.GetProperty("id").GetString());
        Assert.EndsWith("/photos/$entity", metadata.GetProperty("@odata.context").GetString());
        Assert.Equal(HttpStatusCode.OK, bytes.StatusCode);
        Assert.Equal("image/jpeg", bytes.Content.Headers.ContentType!.MediaType);
        Assert.Equal(metadata.GetProperty("@odata.mediaEtag").GetString(), bytes.Headers.ETag!.Tag);
        using var decoded = SKBitmap.Decode(await bytes.Content.ReadAsByteArrayAsync());
        Assert.Equal((side, side), (decoded.Width, decoded.Height));
        // A landscape original red | green | blue in thirds is centre-cropped, not squashed: green edge to edge.
        Assert.True(IsGreen(decoded.GetPixel(1, side / 2)) && IsGreen(decoded.GetPixel(side - 2, side / 2)) && IsGreen(decoded.GetPixel(side / 2, side / 2)));
    }

    [Fact]
    public async Task ASizeLargerThanTheOriginalIsImageNotFoundAndOneGraphDoesNotServeIsABadRequest()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var root = $"/beta/users/{DefaultTenants.UserId(Hybrid, 1)}";
        await Upload(client, root, Image(100, 100, "jpeg"), "jpeg");
        var now = emulator.Time.GetUtcNow();

        await GraphAssert.ErrorAsync(await client.GetAsync($"{root}/photos/120x120"), HttpStatusCode.NotFound, "ImageNotFound", now, "100x100");
        await GraphAssert.ErrorAsync(await client.GetAsync($"{root}/photos/120x120/$value"), HttpStatusCode.NotFound, "ImageNotFound", now);
        await GraphAssert.ErrorAsync(await client.GetAsync($"{root}/photos/50x50"), HttpStatusCode.BadRequest, "BadRequest", now, "not a photo size", "48x48");
        await GraphAssert.ErrorAsync(await client.GetAsync($"{root}/photos/48x64/$value"), HttpStatusCode.BadRequest, "BadRequest", now);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{root}/photos/96x96/$value")).StatusCode);
    }

    [Fact]
    public async Task AUserWithoutAPhotoHasNoSizes()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var root = $"/v1.0/users/{DefaultTenants.UserId(Hybrid, 4)}";
        var now = emulator.Time.GetUtcNow();

        await GraphAssert.ErrorAsync(await client.GetAsync($"{root}/photos"), HttpStatusCode.NotFound, "ImageNotFound", now);
        await GraphAssert.ErrorAsync(await client.GetAsync($"{root}/photos/48x48"), HttpStatusCode.NotFound, "ImageNotFound", now);
    }

    [Fact]
    public async Task ASizesBytesAnswer304ToTheirETagAndANewUploadChangesThem()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var root = $"/beta/users/{DefaultTenants.UserId(Hybrid, 3)}";
        await Upload(client, root, Image(300, 300, "jpeg"), "jpeg");
        var first = await client.GetAsync($"{root}/photos/64x64/$value");

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"{root}/photos/64x64/$value");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        await Upload(client, root, Image(400, 200, "png"), "png");
        using var after = new HttpRequestMessage(HttpMethod.Get, $"{root}/photos/64x64/$value");
        after.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var changed = await client.SendAsync(after);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(first.Headers.ETag!.Tag, changed.Headers.ETag!.Tag);
        using var decoded = SKBitmap.Decode(await changed.Content.ReadAsByteArrayAsync());
        Assert.True(IsGreen(decoded.GetPixel(32, 32)));
    }

    [Fact]
    public async Task TheGraphSdkReadsASizesBytesAndThePhotosCollection()
    {
        var emulator = await shared.FreshAsync();
        var user = DefaultTenants.UserId(Hybrid, 1);
        await Upload(emulator.CreateClient(), $"/v1.0/users/{user}", Image(512, 512, "jpeg"), "jpeg");
        var graph = new GraphServiceClient(
            GraphClientFactory.Create(finalHandler: emulator.Server.CreateHandler()),
            new BaseBearerTokenAuthenticationProvider(new StaticToken(emulator.AppToken(Hybrid))),
            new Uri(emulator.Server.BaseAddress, "/v1.0").ToString());

        await using var content = await graph.Users[user.ToString()].Photos["48x48"].Content.GetAsync();
        var photos = await graph.Users[user.ToString()].Photos.GetAsync();
        var one = await graph.Users[user.ToString()].Photos["240x240"].GetAsync();

        using var decoded = SKBitmap.Decode(content!);
        Assert.Equal((48, 48), (decoded.Width, decoded.Height));
        Assert.Equal(AllSizes.Take(8), photos!.Value!.Select(p => p.Id));
        Assert.Equal((240, 240), (one!.Width, one.Height));
    }

    [Fact]
    public async Task SizesFollowTheEffectiveSettingsOnlyThroughTheOriginalTheyAreCutFrom()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var root = $"/beta/users/{DefaultTenants.UserId(Hybrid, 2)}";
        await Upload(client, root, Image(300, 300, "jpeg"), "jpeg");
        await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");
        await client.PostAsync("/_emulator/clock/advance", EmulatorFactory.Json("""{"by":"PT24H"}"""));

        // Writes are blocked once onPremises is in effect; reads of every size are not.
        await GraphAssert.ErrorAsync(await client.PutAsync(root + "/photo/$value", Photos.Body(Image(200, 200, "jpeg"))), HttpStatusCode.Forbidden, "accessDenied", emulator.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{root}/photos/240x240/$value")).StatusCode);
    }

    private static async Task Upload(HttpClient client, string root, byte[] image, string format)
    {
        var response = await client.PutAsync(root + "/photo/$value", Photos.Body(image, "image/" + format));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static bool IsGreen(SKColor c) => c.Green > 150 && c.Red < 90 && c.Blue < 90;

    /// <summary>An image in thirds (red, green, blue across a landscape; the middle third green in any shape).</summary>
    private static byte[] Image(int width, int height, string format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Lime);
            if (width > height)
            {
                using var red = new SKPaint { Color = SKColors.Red };
                using var blue = new SKPaint { Color = SKColors.Blue };
                canvas.DrawRect(0, 0, (width - height) / 2f - 1, height, red);
                canvas.DrawRect(width - (width - height) / 2f + 1, 0, width, height, blue);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format == "png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }
}
