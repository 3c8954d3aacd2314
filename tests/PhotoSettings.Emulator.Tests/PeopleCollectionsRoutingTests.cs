using System.Net;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>How a people collection's paths are read: <c>$count</c> is no item key (probe F4).</summary>
public sealed class PeopleCollectionsRoutingTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;

    public static TheoryData<string, string, string, int> CountMethods()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var (version, name) in new[] { ("v1.0", "profileCardProperties"), ("beta", "profileSources"), ("v1.0", "profilePropertySettings") })
        {
            foreach (var method in new[] { "PUT", "PATCH", "DELETE", "POST" })
            {
                data.Add(version, name, method, 0);
                data.Add(version, name, method, 1);
            }
        }

        return data;
    }

    /// <summary>User 0 is an application token, which profileCardProperties' item routes refuse with 403: $count is not an item, so it is 405 for it too.</summary>
    [Theory]
    [MemberData(nameof(CountMethods))]
    public async Task CountTakesGetOnlyAnsweringOtherMethodsWith405AndAllowGetForAnyToken(string version, string name, string method, int user)
    {
        var emulator = await shared.FreshAsync();
        var token = user == 0 ? emulator.AppToken(Hybrid, ["PeopleSettings.ReadWrite.All"]) : emulator.UserToken(Hybrid, DefaultTenants.UserId(Hybrid, 1));
        var client = emulator.ClientWith(token);
        var path = $"/{version}/admin/people/{name}/$count";
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "DELETE" ? null : EmulatorFactory.Json("""{"displayName":"x"}"""),
        };

        var response = await client.SendAsync(request);

        await GraphAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "notSupported", emulator.Time.GetUtcNow(), "Allowed: GET.");
        Assert.Equal("GET", string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("[]", (await emulator.GetSettingTimelineAsync(Hybrid, name)).Configured.GetRawText());
        Assert.Equal("0", await PeopleCollectionsTests.Admin(emulator).GetStringAsync(path));
    }

    [Theory]
    [InlineData("v1.0")]
    [InlineData("beta")]
    public async Task APatchMayRepeatTheSourceIdInAnotherLetterCaseAndTheStoredCasingStays(string version)
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        var path = $"/{version}/admin/people/profileSources";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(path, EmulatorFactory.Json("""{"sourceId":"hr1","displayName":"HR"}"""))).StatusCode);

        var response = await client.PatchAsync($"{path}(sourceId='hr1')", EmulatorFactory.Json("""{"sourceId":"HR1","displayName":"People"}"""));

        var patched = await GraphAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal("hr1", patched.GetProperty("sourceId").GetString());
        Assert.Equal("People", patched.GetProperty("displayName").GetString());
        Assert.Equal(patched.GetRawText(), (await GraphAssert.SuccessAsync(await client.GetAsync($"{path}(sourceId='HR1')"), HttpStatusCode.OK)).GetRawText());
    }

    [Theory]
    [InlineData("GET", "profileSources('a'b')", "is not a valid OData key literal")]
    [InlineData("PATCH", "profileSources(sourceId='hr1',id='x')", "is not a valid OData key literal")]
    [InlineData("DELETE", "profileCardProperties('')", "The key segment is empty")]
    [InlineData("GET", "profileSources(sourceId='')", "The key segment is empty")]
    [InlineData("DELETE", "profileSources(sourceId='hr1'')", "is not a valid OData key literal")]
    public async Task AMalformedKeyLiteralIsA400AndChangesNothing(string method, string segment, string problem)
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        foreach (var version in new[] { "v1.0", "beta" })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/{version}/admin/people/profileSources",
                EmulatorFactory.Json($$"""{"sourceId":"hr1-{{version}}","displayName":"HR"}"""))).StatusCode);
            var before = (await emulator.GetSettingTimelineAsync(Hybrid, "profileSources")).Configured.GetRawText();
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/{version}/admin/people/{segment}")
            {
                Content = method == "PATCH" ? EmulatorFactory.Json("""{"displayName":"x"}""") : null,
            };

            var response = await client.SendAsync(request);

            await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), problem);
            Assert.Equal(before, (await emulator.GetSettingTimelineAsync(Hybrid, "profileSources")).Configured.GetRawText());
        }
    }

    [Theory]
    [InlineData("hr/1")]
    [InlineData("hr\\\\1")]
    [InlineData("hr\\u00001")]
    [InlineData("hr\\n1")]
    public async Task ASourceIdNoPathCouldAddressIsRefusedOnPostAndNothingIsStored(string sourceId)
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);

        var response = await client.PostAsync("/v1.0/admin/people/profileSources",
            EmulatorFactory.Json($$"""{"sourceId":"{{sourceId}}","displayName":"HR"}"""));

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(), "'sourceId' may not contain '/', '\\' or control characters");
        Assert.Equal("[]", (await emulator.GetSettingTimelineAsync(Hybrid, "profileSources")).Configured.GetRawText());
    }
}
