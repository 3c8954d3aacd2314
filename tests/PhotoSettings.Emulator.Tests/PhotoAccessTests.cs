using System.Net;
using System.Text.Json;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// GET /_emulator/tenants/{id}/photoAccess: who may change their own photo now and after the pending changes, and
/// that its answer is what Graph then does to each user's photo write.
/// </summary>
public sealed class PhotoAccessTests
{
    private const string PeopleAdministrator = "024906de-61e5-49c8-8572-40335f1e0e10";
    private static readonly Guid Tenant = DefaultTenants.HybridId;
    private static readonly string AccessPath = $"/_emulator/tenants/{Tenant}/photoAccess";

    private static async Task<JsonElement> AccessAsync(EmulatorFactory emulator) =>
        await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync(AccessPath));

    private static JsonElement User(JsonElement access, Guid id) =>
        access.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == id);

    [Fact]
    public async Task ABlockIsPendingForEveryUserWithoutTheRoleUntilItMatures()
    {
        await using var emulator = new EmulatorFactory();
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync($$"""{"allowedRoles":["{{PeopleAdministrator}}"]}""")).StatusCode);
        var timeline = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync($"/_emulator/tenants/{Tenant}/photoUpdateSettings"));
        var maturesAt = timeline.GetProperty("pending")[0].GetProperty("effectiveAt").GetDateTimeOffset();

        var access = await AccessAsync(emulator);

        var nora = User(access, DefaultTenants.UserId(Tenant, 4));
        Assert.Equal("allowed", nora.GetProperty("now").GetString());
        Assert.Equal("roleRequired", nora.GetProperty("after").GetString());
        var change = Assert.Single(nora.GetProperty("changes").EnumerateArray());
        Assert.Equal(maturesAt, change.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("roleRequired", change.GetProperty("verdict").GetString());
        var pat = User(access, DefaultTenants.UserId(Tenant, 1));
        Assert.Equal("allowed", pat.GetProperty("after").GetString());
        Assert.Empty(pat.GetProperty("changes").EnumerateArray());
        Assert.Equal(maturesAt, access.GetProperty("settledAt").GetDateTimeOffset());
        Assert.Equal("People Administrator", access.GetProperty("roleNames").GetProperty(PeopleAdministrator).GetString());
        Assert.Equal(PeopleAdministrator, access.GetProperty("configured").GetProperty("allowedRoles")[0].GetString());
        Assert.Empty(access.GetProperty("effective").GetProperty("allowedRoles").EnumerateArray());
        var app = Assert.Single(access.GetProperty("applications").EnumerateArray());
        Assert.Equal("allowed", app.GetProperty("after").GetString());

        emulator.Time.Advance(TimeSpan.FromHours(24));
        access = await AccessAsync(emulator);

        Assert.Equal("roleRequired", User(access, DefaultTenants.UserId(Tenant, 4)).GetProperty("now").GetString());
        Assert.Equal("allowed", User(access, DefaultTenants.UserId(Tenant, 1)).GetProperty("now").GetString());
        Assert.False(access.TryGetProperty("settledAt", out _));
    }

    [Theory]
    [InlineData("""{"allowedRoles":["024906de-61e5-49c8-8572-40335f1e0e10"]}""")]
    [InlineData("""{"source":"onPremises"}""")]
    [InlineData("""{"source":"cloud","allowedRoles":[]}""")]
    [InlineData("""{"source":null,"allowedRoles":["024906de-61e5-49c8-8572-40335f1e0e10"]}""")]
    public async Task EachUsersVerdictIsWhatGraphAnswersTheirOwnPhotoWrite(string settings)
    {
        await using var emulator = new EmulatorFactory();
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync(settings)).StatusCode);
        emulator.Time.Advance(TimeSpan.FromHours(24));

        var access = await AccessAsync(emulator);

        foreach (var user in access.GetProperty("users").EnumerateArray())
        {
            var client = emulator.ClientWith(emulator.UserToken(Tenant, user.GetProperty("id").GetGuid()));
            var put = await client.PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32));
            var expected = user.GetProperty("now").GetString() == "allowed" ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            Assert.True(expected == put.StatusCode, $"{user.GetProperty("displayName")}: the view says {user.GetProperty("now")}, Graph answered {(int)put.StatusCode}");
        }
    }

    [Theory]
    [InlineData("c10d0000-0000-4000-8000-000000000001")]
    [InlineData("4b1d0000-0000-4000-8000-000000000002")]
    public async Task AnUnconfiguredTenantsUnsetSourceLetsEveryUserAndItsApplicationWritePhotos(string tenantText)
    {
        await using var emulator = new EmulatorFactory();
        var tenant = Guid.Parse(tenantText);
        var nora = DefaultTenants.UserId(tenant, 4);

        var access = await GraphAssert.JsonAsync(await emulator.CreateClient().GetAsync($"/_emulator/tenants/{tenant}/photoAccess"));

        Assert.Equal("null|[]", GraphAssert.Fingerprint(access.GetProperty("configured")));
        Assert.Equal("null|[]", GraphAssert.Fingerprint(access.GetProperty("effective")));
        Assert.All(access.GetProperty("users").EnumerateArray().Concat(access.GetProperty("applications").EnumerateArray()),
            who => Assert.Equal(("allowed", "allowed"), (who.GetProperty("now").GetString(), who.GetProperty("after").GetString())));
        var asUser = await emulator.ClientWith(emulator.UserToken(tenant, nora)).PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32));
        Assert.Equal(HttpStatusCode.OK, asUser.StatusCode);
        var asApp = await emulator.ClientWith(emulator.AppToken(tenant)).PutAsync($"/beta/users/{DefaultTenants.UserId(tenant, 3)}/photo/$value", Photos.Body(Photos.Png64x40, "image/png"));
        Assert.Equal(HttpStatusCode.OK, asApp.StatusCode);
    }

    [Fact]
    public async Task AnOnPremisesTenantSetBackToAnUnsetSourceTakesCloudWritesOnceTheChangeMatures()
    {
        await using var emulator = new EmulatorFactory();
        // A token minted at each step: the tenant's clock moves a day at a time, past a token's lifetime.
        Task<HttpResponseMessage> NoraWritesAsync() => emulator.ClientWith(emulator.UserToken(Tenant, DefaultTenants.UserId(Tenant, 4)))
            .PutAsync("/v1.0/me/photo/$value", Photos.Body(Photos.Jpeg48x32));
        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync("""{"source":"onPremises"}""")).StatusCode);
        emulator.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(HttpStatusCode.Forbidden, (await NoraWritesAsync()).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await emulator.PatchAsync("""{"source":null}""")).StatusCode);

        Assert.Equal("managedOnPremises", User(await AccessAsync(emulator), DefaultTenants.UserId(Tenant, 4)).GetProperty("now").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await NoraWritesAsync()).StatusCode);
        emulator.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal("allowed", User(await AccessAsync(emulator), DefaultTenants.UserId(Tenant, 4)).GetProperty("now").GetString());
        Assert.Equal(HttpStatusCode.OK, (await NoraWritesAsync()).StatusCode);
    }

    [Fact]
    public async Task AUserWithAPhotoCarriesItsETag()
    {
        await using var emulator = new EmulatorFactory();
        var nora = DefaultTenants.UserId(Tenant, 4);
        var put = await emulator.CreateClient().PutAsync($"/v1.0/users/{nora}/photo/$value", Photos.Body(Photos.Jpeg48x32));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var access = await AccessAsync(emulator);

        Assert.False(string.IsNullOrEmpty(User(access, nora).GetProperty("photoETag").GetString()));
        Assert.False(User(access, DefaultTenants.UserId(Tenant, 1)).TryGetProperty("photoETag", out _));
    }

    [Fact]
    public async Task AnUnknownTenantIsNotFound()
    {
        await using var emulator = new EmulatorFactory();

        var response = await emulator.CreateClient().GetAsync($"/_emulator/tenants/{Guid.Empty}/photoAccess");

        await GraphAssert.ProblemAsync(response, 404);
    }
}
