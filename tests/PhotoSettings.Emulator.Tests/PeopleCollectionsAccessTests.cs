using System.Net;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Who may read and write the people collections, on both versions: the permissions and roles each reference page names, and for profile card properties an application token for the list alone.</summary>
public sealed class PeopleCollectionsAccessTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    /// <summary>Who may do what (docs/choices.md): the collection, the user (0: an application token), the permission, the verb, the answer.</summary>
    public static TheoryData<string, int, string, string, int> Callers() => new()
    {
        { "profileCardProperties", 0, "PeopleSettings.Read.All", "GET", 200 },
        { "profileCardProperties", 0, "PeopleSettings.ReadWrite.All", "GET", 200 },
        { "profileCardProperties", 0, "User.Read.All", "GET", 403 },
        { "profileCardProperties", 0, "PeopleSettings.ReadWrite.All", "POST", 403 },
        { "profileCardProperties", 1, "PeopleSettings.Read.All", "GET", 200 },
        { "profileCardProperties", 1, "PeopleSettings.Read.All", "POST", 403 },
        { "profileCardProperties", 1, "PeopleSettings.ReadWrite.All", "POST", 201 },
        { "profileCardProperties", 2, "PeopleSettings.ReadWrite.All", "POST", 403 },
        { "profileCardProperties", 3, "PeopleSettings.ReadWrite.All", "POST", 201 },
        { "profileCardProperties", 4, "PeopleSettings.Read.All", "GET", 403 },
        { "profileCardProperties", 1, "User.Read.All", "GET", 403 },
        { "profilePropertySettings", 0, "PeopleSettings.Read.All", "GET", 200 },
        { "profilePropertySettings", 0, "PeopleSettings.Read.All", "POST", 403 },
        { "profilePropertySettings", 0, "PeopleSettings.ReadWrite.All", "POST", 201 },
        { "profilePropertySettings", 4, "PeopleSettings.ReadWrite.All", "POST", 403 },
        { "profileSources", 0, "PeopleSettings.ReadWrite.All", "POST", 201 },
        { "profileSources", 1, "PeopleSettings.ReadWrite.All", "POST", 201 },
        { "profileSources", 2, "PeopleSettings.ReadWrite.All", "POST", 403 },
        { "profileSources", 0, "User.Read.All", "GET", 403 },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EachVerbAsksForTheDocumentedPermissionAndRole(string name, int user, string permission, string method, int status)
    {
        foreach (var version in new[] { "v1.0", "beta" })
        {
            await AskAsync(version, name, user, permission, method, status);
        }
    }

    private async Task AskAsync(string version, string name, int user, string permission, string method, int status)
    {
        var emulator = await shared.FreshAsync();
        var sample = new[] { PeopleCollectionsTests.Cards, PeopleCollectionsTests.Settings, PeopleCollectionsTests.Sources }.Single(s => s.Name == name);
        var token = user == 0 ? emulator.AppToken(Hybrid, [permission]) : emulator.UserToken(Hybrid, DefaultTenants.UserId(Hybrid, user), [permission]);
        var path = $"/{version}/admin/people/{name}";

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? EmulatorFactory.Json(sample.Post) : null };
        var response = await emulator.ClientWith(token).SendAsync(request);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        if (status == 403)
        {
            var error = await GraphAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "Authorization_RequestDenied", emulator.Time.GetUtcNow());
            if (user == 0 && name == "profileCardProperties" && method != "GET")
            {
                Assert.Contains("does not support application permissions", error.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            Assert.Equal("[]", (await emulator.GetSettingTimelineAsync(Hybrid, name)).Configured.GetRawText());
        }
    }

    /// <summary>peopleadminsettings-list-profilecardproperties gives application PeopleSettings.Read.All; Get, Update and Delete of one item say "Application: Not supported".</summary>
    [Theory]
    [InlineData("v1.0")]
    [InlineData("beta")]
    public async Task AnApplicationListsProfileCardPropertiesButCannotTouchOne(string version)
    {
        var emulator = await shared.FreshAsync();
        var user = emulator.ClientWith(emulator.UserToken(Hybrid, DefaultTenants.UserId(Hybrid, 1), ["PeopleSettings.ReadWrite.All"]));
        var app = emulator.ClientWith(emulator.AppToken(Hybrid, ["PeopleSettings.ReadWrite.All"]));
        var path = $"/{version}/admin/people/profileCardProperties";
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync(path, EmulatorFactory.Json(PeopleCollectionsTests.Cards.Post))).StatusCode);
        var before = (await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties")).Configured.GetRawText();

        var list = await app.GetAsync(path);
        var count = await app.GetAsync(path + "/$count");
        var one = await app.GetAsync(path + "/CustomAttribute1");
        var patch = await app.PatchAsync(path + "/CustomAttribute1", EmulatorFactory.Json("""{"annotations":[]}"""));
        var delete = await app.DeleteAsync(path + "/CustomAttribute1");

        var items = (await GraphAssert.JsonAsync(list)).GetProperty("value");
        Assert.Equal("CustomAttribute1", Assert.Single(items.EnumerateArray()).GetProperty("directoryPropertyName").GetString());
        Assert.Equal("1", await count.Content.ReadAsStringAsync());
        foreach (var refused in new[] { one, patch, delete })
        {
            var error = await GraphAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "Authorization_RequestDenied", emulator.Time.GetUtcNow());
            Assert.Contains("does not support application permissions", error.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, (await emulator.GetSettingTimelineAsync(Hybrid, "profileCardProperties")).Configured.GetRawText());
    }

    [Theory]
    [InlineData("/v1.0/admin/people/profileCardProperties")]
    [InlineData("/beta/admin/people/profileSources/0b0b0000-0000-4000-8000-000000000001")]
    public async Task NoTokenIsRefusedWith401(string path)
    {
        var emulator = await shared.FreshAsync();

        var response = await emulator.ClientWith(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", (await GraphAssert.JsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }
}
