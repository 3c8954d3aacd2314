using System.Net;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>User photos: the Graph endpoints, their permissions, and the effective settings' rules.</summary>
public sealed class UserPhotoTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    private static Guid User(int which) => DefaultTenants.UserId(Hybrid, which);

    /// <summary>
    /// settings in effect, caller, whose photo, expected status and error code. Callers: pat (People
    /// Administrator), uma (User Administrator), gina (Global Administrator), nora (no role), app
    /// (ProfilePhoto.ReadWrite.All). "other" is Nora's photo (Uma's when Nora is the caller).
    /// </summary>
    public static TheoryData<string, string, string, HttpStatusCode, string?> Rules => new()
    {
        // cloud, no restriction: every permitted caller may write.
        { "cloud []", "nora", "own", HttpStatusCode.OK, null },
        { "cloud []", "nora", "other", HttpStatusCode.Forbidden, "Authorization_RequestDenied" },
        { "cloud []", "uma", "own", HttpStatusCode.OK, null },
        { "cloud []", "uma", "other", HttpStatusCode.OK, null },
        { "cloud []", "gina", "own", HttpStatusCode.OK, null },
        { "cloud []", "gina", "other", HttpStatusCode.OK, null },
        { "cloud []", "pat", "own", HttpStatusCode.OK, null },
        { "cloud []", "pat", "other", HttpStatusCode.OK, null },
        { "cloud []", "app", "other", HttpStatusCode.OK, null },
        // cloud, User Administrators only: other signed-in users are blocked; applications are not.
        { "cloud [User Administrator]", "nora", "own", HttpStatusCode.Forbidden, "accessDenied" },
        { "cloud [User Administrator]", "nora", "other", HttpStatusCode.Forbidden, "Authorization_RequestDenied" },
        { "cloud [User Administrator]", "uma", "own", HttpStatusCode.OK, null },
        { "cloud [User Administrator]", "uma", "other", HttpStatusCode.OK, null },
        { "cloud [User Administrator]", "gina", "own", HttpStatusCode.Forbidden, "accessDenied" },
        { "cloud [User Administrator]", "gina", "other", HttpStatusCode.Forbidden, "accessDenied" },
        { "cloud [User Administrator]", "pat", "own", HttpStatusCode.Forbidden, "accessDenied" },
        { "cloud [User Administrator]", "pat", "other", HttpStatusCode.Forbidden, "accessDenied" },
        { "cloud [User Administrator]", "app", "other", HttpStatusCode.OK, null },
        // on-premises: no cloud write for anyone.
        { "onPremises", "nora", "own", HttpStatusCode.Forbidden, "accessDenied" },
        { "onPremises", "nora", "other", HttpStatusCode.Forbidden, "Authorization_RequestDenied" },
        { "onPremises", "uma", "own", HttpStatusCode.Forbidden, "accessDenied" },
        { "onPremises", "uma", "other", HttpStatusCode.Forbidden, "accessDenied" },
        { "onPremises", "gina", "own", HttpStatusCode.Forbidden, "accessDenied" },
        { "onPremises", "gina", "other", HttpStatusCode.Forbidden, "accessDenied" },
        { "onPremises", "pat", "own", HttpStatusCode.Forbidden, "accessDenied" },
        { "onPremises", "pat", "other", HttpStatusCode.Forbidden, "accessDenied" },
        { "onPremises", "app", "other", HttpStatusCode.Forbidden, "accessDenied" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task EachWriteIsJudgedByTheEffectiveSettingsCallerAndTarget(string settings, string caller, string whose, HttpStatusCode status, string? code)
    {
        await using var emulator = new EmulatorFactory().With("Emulator:Propagation:Delay", "00:00:00");
        var body = settings switch
        {
            "cloud []" => """{"source":"cloud","allowedRoles":[]}""",
            "cloud [User Administrator]" => $$"""{"source":"cloud","allowedRoles":["{{RoleCatalog.UserAdministrator}}"]}""",
            _ => """{"source":"onPremises","allowedRoles":[]}""",
        };
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync(body)).StatusCode);
        var names = new[] { "pat", "uma", "gina", "nora" };
        var client = caller == "app"
            ? emulator.ClientWith(emulator.AppToken(Hybrid, ["ProfilePhoto.ReadWrite.All"]))
            : emulator.ClientWith(emulator.UserToken(Hybrid, User(Array.IndexOf(names, caller) + 1), ["User.ReadWrite", "ProfilePhoto.ReadWrite.All"]));
        var target = whose == "own" ? "me" : (caller == "nora" ? User(2) : User(4)).ToString();

        foreach (var method in (string[])["PUT", "PATCH"])
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Photos.PathOf(target) + "/$value") { Content = Photos.Body(Photos.Jpeg48x32) });

            if (code is null)
            {
                Assert.Equal(status, response.StatusCode);
                GraphAssert.Ids(response);
            }
            else
            {
                await GraphAssert.ErrorAsync(response, status, code, emulator.Time.GetUtcNow());
            }
        }

        var stored = await emulator.CreateClient().GetAsync(Photos.PathOf(whose == "own" && caller != "app" ? User(Array.IndexOf(names, caller) + 1).ToString() : target));
        Assert.Equal(code is null ? HttpStatusCode.OK : HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task APhotoCanBeReadAsMetadataAndBytesUnderBothVersionsByIdUpnAndMe()
    {
        var emulator = await shared.FreshAsync();
        var nora = emulator.ClientWith(emulator.UserToken(Hybrid, User(4)));
        Assert.Equal(HttpStatusCode.OK, (await nora.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Png64x40, "image/png"))).StatusCode);

        foreach (var path in (string[])["/beta/me/photo", $"/v1.0/users/{User(4)}/photo", "/beta/users/NORA@contosohybrid.onmicrosoft.com/photo"])
        {
            var metadata = await GraphAssert.SuccessAsync(await nora.GetAsync(path), HttpStatusCode.OK);
            Assert.Equal("64X40", metadata.GetProperty("id").GetString());
            Assert.Equal(64, metadata.GetProperty("width").GetInt32());
            Assert.Equal(40, metadata.GetProperty("height").GetInt32());
            Assert.Equal("image/png", metadata.GetProperty("@odata.mediaContentType").GetString());
            Assert.EndsWith("/photo/$entity", metadata.GetProperty("@odata.context").GetString());

            var bytes = await nora.GetAsync(path + "/$value");
            Assert.Equal(HttpStatusCode.OK, bytes.StatusCode);
            Assert.Equal("image/png", bytes.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Photos.Png64x40, await bytes.Content.ReadAsByteArrayAsync());
            GraphAssert.Ids(bytes);
        }
    }

    [Fact]
    public async Task DeleteRemovesThePhotoAndThenItIsNotFound()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var path = Photos.PathOf(User(1).ToString());
        await client.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32, "application/octet-stream"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(path)).StatusCode);

        var now = emulator.Time.GetUtcNow();
        await GraphAssert.ErrorAsync(await client.GetAsync(path), HttpStatusCode.NotFound, "ImageNotFound", now, "no profile photo");
        await GraphAssert.ErrorAsync(await client.GetAsync(path + "/$value"), HttpStatusCode.NotFound, "ImageNotFound", now);
        await GraphAssert.ErrorAsync(await client.DeleteAsync(path), HttpStatusCode.NotFound, "ImageNotFound", now);
    }

    [Theory]
    [InlineData("users/ghost@contosohybrid.onmicrosoft.com", HttpStatusCode.NotFound, "Request_ResourceNotFound", "Resource 'ghost@contosohybrid.onmicrosoft.com' does not exist")]
    [InlineData("users/00000000-0000-4000-8000-00000000dead", HttpStatusCode.NotFound, "Request_ResourceNotFound", "does not exist")]
    [InlineData("me", HttpStatusCode.BadRequest, "BadRequest", "/me request is only valid with delegated authentication flow.")]
    public async Task AnUnknownUserOrMeForAnApplicationIsAGraphError(string who, HttpStatusCode status, string code, string message)
    {
        var emulator = await shared.FreshAsync();

        var get = await emulator.CreateClient().GetAsync($"/beta/{who}/photo");
        var put = await emulator.CreateClient().PutAsync($"/beta/{who}/photo/$value", Photos.Body(Photos.Jpeg48x32));

        await GraphAssert.ErrorAsync(get, status, code, emulator.Time.GetUtcNow(), message);
        await GraphAssert.ErrorAsync(put, status, code, emulator.Time.GetUtcNow(), message);
    }

    public static TheoryData<string, byte[], string?, HttpStatusCode, string, string> BadPhotos => new()
    {
        { "empty", [], "image/jpeg", HttpStatusCode.BadRequest, "BadRequest", "The photo is empty" },
        { "text", "hello"u8.ToArray(), "text/plain", HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", "'text/plain' is not supported" },
        { "gif", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0], "image/gif", HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", "image/jpeg or image/png" },
        { "random bytes", [1, 2, 3, 4, 5, 6, 7, 8, 9], "application/octet-stream", HttpStatusCode.BadRequest, "BadRequest", "neither a JPEG nor a PNG" },
        { "png declared as jpeg", Photos.Png64x40, "image/jpeg", HttpStatusCode.BadRequest, "BadRequest", "declared as image/jpeg but its content is image/png" },
        { "truncated jpeg", Photos.Jpeg48x32[..12], "image/jpeg", HttpStatusCode.BadRequest, "BadRequest", "damaged image/jpeg" },
        { "png header only", Photos.Png64x40[..8], "image/png", HttpStatusCode.BadRequest, "BadRequest", "damaged image/png" },
        { "png cut inside its IHDR chunk", Photos.Png64x40[..20], "image/png", HttpStatusCode.BadRequest, "BadRequest", "damaged image/png" },
        { "jpeg cut before its frame header", Photos.Jpeg48x32[..Photos.Jpeg48x32.AsSpan().IndexOf((byte[])[0xFF, 0xC0])], "image/jpeg", HttpStatusCode.BadRequest, "BadRequest", "damaged image/jpeg" },
    };

    [Theory]
    [MemberData(nameof(BadPhotos))]
    public async Task ABadPhotoIsRefusedAndTheStoredPhotoStays(string name, byte[] bytes, string? contentType, HttpStatusCode status, string code, string message)
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var path = Photos.PathOf(User(2).ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32))).StatusCode);

        var response = await client.PutAsync(path + "/$value", Photos.Body(bytes, contentType));

        await GraphAssert.ErrorAsync(response, status, code, emulator.Time.GetUtcNow(), message);
        var stored = await (await client.GetAsync(path + "/$value")).Content.ReadAsByteArrayAsync();
        Assert.True(stored.SequenceEqual(Photos.Jpeg48x32), $"{name}: the stored photo changed");
    }

    [Fact]
    public async Task APhotoOver4MBIs413AndNothingIsStored()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        var path = Photos.PathOf(User(2).ToString());
        var huge = new byte[4 * 1024 * 1024 + 1];
        Photos.Jpeg48x32.CopyTo(huge, 0);

        var response = await client.PutAsync(path + "/$value", new StreamContent(new MemoryStream(huge)) { Headers = { ContentType = new("image/jpeg") } });

        await GraphAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", emulator.Time.GetUtcNow(), "4 MB");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ChangingSettingsNeverTouchesExistingPhotos()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.ClientWith(emulator.AppToken(Hybrid, lifetime: TimeSpan.FromDays(10)));
        var path = Photos.PathOf(User(3).ToString());
        await client.PutAsync(path + "/$value", Photos.Body(Photos.Jpeg48x32));

        await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");
        emulator.Time.Advance(TimeSpan.FromDays(2));
        await client.DeleteAsync(EmulatorFactory.SettingsPath);
        emulator.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(Photos.Jpeg48x32, await (await client.GetAsync(path + "/$value")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ResettingATenantClearsVersionsPhotosAndItsClock()
    {
        var emulator = await shared.FreshAsync();
        var client = emulator.CreateClient();
        await client.PutAsync(Photos.PathOf(User(3).ToString()) + "/$value", Photos.Body(Photos.Jpeg48x32));
        await emulator.PatchAsync("""{"source":"onPremises","allowedRoles":[]}""");
        await client.PostAsync($"/_emulator/tenants/{Hybrid}/clock/advance", EmulatorFactory.Json("""{"by":"PT1H"}"""));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/_emulator/tenants/{Hybrid}/reset", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Photos.PathOf(User(3).ToString()))).StatusCode);
        var timeline = await GraphAssert.JsonAsync(await client.GetAsync($"/_emulator/tenants/{Hybrid}/photoUpdateSettings"));
        Assert.Empty(timeline.GetProperty("pending").EnumerateArray());
        Assert.Equal("null|[]", GraphAssert.Fingerprint(timeline.GetProperty("configured")));
        var clock = await GraphAssert.JsonAsync(await client.GetAsync($"/_emulator/tenants/{Hybrid}/clock"));
        Assert.Equal("PT0S", clock.GetProperty("offset").GetString());
    }

    [Fact]
    public async Task WithoutATokenPhotosAre401AndWithoutAUserPermissionReadsAre403()
    {
        var emulator = await shared.FreshAsync();

        var anonymous = await emulator.ClientWith(null).GetAsync("/v1.0/me/photo");
        var settingsOnly = await emulator.ClientWith(emulator.AppToken(Hybrid, ["PeopleSettings.ReadWrite.All"])).GetAsync(Photos.PathOf(User(1).ToString()));

        await GraphAssert.ErrorAsync(anonymous, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", emulator.Time.GetUtcNow(), "Access token is empty.");
        await GraphAssert.ErrorAsync(settingsOnly, HttpStatusCode.Forbidden, "Authorization_RequestDenied", emulator.Time.GetUtcNow());
    }
}
