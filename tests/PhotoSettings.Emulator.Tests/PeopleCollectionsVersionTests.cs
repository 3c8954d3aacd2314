using System.Net;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// profilePropertySetting as each version defines it: v1.0 has id, displayName, name and prioritizedSourceUrls; beta adds
/// allowedAudiences and isUserOverrideForAudienceEnabled. One stored item, shown per version.
/// </summary>
public sealed class PeopleCollectionsVersionTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    private static readonly Guid Hybrid = DefaultTenants.HybridId;
    private const string Path = "admin/people/profilePropertySettings";

    [Fact]
    public async Task AnItemWrittenOnBetaShowsOnlyV1PropertiesOnV1AndKeepsTheRest()
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        var created = await GraphAssert.SuccessAsync(await client.PostAsync($"/beta/{Path}",
            EmulatorFactory.Json("""{"name":"skills","prioritizedSourceUrls":[],"allowedAudiences":"organization","isUserOverrideForAudienceEnabled":true}""")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        var v1 = await GraphAssert.SuccessAsync(await client.GetAsync($"/v1.0/{Path}/{id}"), HttpStatusCode.OK);
        var v1List = await GraphAssert.SuccessAsync(await client.GetAsync($"/v1.0/{Path}"), HttpStatusCode.OK);
        var beta = await GraphAssert.SuccessAsync(await client.GetAsync($"/beta/{Path}/{id}"), HttpStatusCode.OK);

        var item = $$"""{"id":"{{id}}","displayName":null,"name":"skills","prioritizedSourceUrls":[]""";
        Assert.Equal($$"""{"@odata.context":"http://localhost/v1.0/$metadata#{{Path}}/$entity",{{item[1..]}}}""", v1.GetRawText());
        Assert.Equal($$"""{"@odata.context":"http://localhost/v1.0/$metadata#{{Path}}","value":[{{item}}}]}""", v1List.GetRawText());
        var full = item + ""","allowedAudiences":"organization","isUserOverrideForAudienceEnabled":true}""";
        Assert.Equal($$"""{"@odata.context":"http://localhost/beta/$metadata#{{Path}}/$entity",{{full[1..]}}""", beta.GetRawText());
        Assert.Equal($"[{full}]", (await emulator.GetSettingTimelineAsync(Hybrid, "profilePropertySettings")).Configured.GetRawText());

        // A v1.0 PATCH leaves beta's properties as they were.
        await GraphAssert.SuccessAsync(await client.PatchAsync($"/v1.0/{Path}/{id}", EmulatorFactory.Json("""{"displayName":"Skills"}""")), HttpStatusCode.OK);
        var after = await GraphAssert.SuccessAsync(await client.GetAsync($"/beta/{Path}/{id}"), HttpStatusCode.OK);
        Assert.Equal("organization", after.GetProperty("allowedAudiences").GetString());
        Assert.True(after.GetProperty("isUserOverrideForAudienceEnabled").GetBoolean());
        Assert.Equal("Skills", after.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("POST", "allowedAudiences", """{"name":"skills","allowedAudiences":"me"}""")]
    [InlineData("POST", "IsUserOverrideForAudienceEnabled", """{"name":"skills","IsUserOverrideForAudienceEnabled":false}""")]
    [InlineData("PATCH", "allowedAudiences", """{"allowedAudiences":null}""")]
    [InlineData("PATCH", "isUserOverrideForAudienceEnabled", """{"displayName":"x","isUserOverrideForAudienceEnabled":true}""")]
    public async Task AV1BodyNamingABetaOnlyPropertyIsRefusedAndChangesNothing(string method, string property, string body)
    {
        var emulator = await shared.FreshAsync();
        var client = PeopleCollectionsTests.Admin(emulator);
        var created = await GraphAssert.SuccessAsync(await client.PostAsync($"/v1.0/{Path}", EmulatorFactory.Json("""{"name":"first","prioritizedSourceUrls":[]}""")), HttpStatusCode.Created);
        var before = (await emulator.GetSettingTimelineAsync(Hybrid, "profilePropertySettings")).Configured.GetRawText();
        var path = method == "POST" ? $"/v1.0/{Path}" : $"/v1.0/{Path}/{created.GetProperty("id").GetString()}";

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = EmulatorFactory.Json(body) });

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(),
            $"The property '{property}' does not exist on type 'microsoft.graph.profilePropertySetting'. Make sure to only use property names that are defined by the type.");
        Assert.Equal(before, (await emulator.GetSettingTimelineAsync(Hybrid, "profilePropertySettings")).Configured.GetRawText());
    }

    [Theory]
    [InlineData("allowedAudiences")]
    [InlineData("id,isUserOverrideForAudienceEnabled")]
    public async Task AV1SelectOfABetaOnlyPropertyIsRefused(string select)
    {
        var emulator = await shared.FreshAsync();

        var response = await PeopleCollectionsTests.Admin(emulator).GetAsync($"/v1.0/{Path}?$select={select}");

        await GraphAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequest", emulator.Time.GetUtcNow(),
            $"Could not find a property named '{select.Split(',')[^1]}' on type 'microsoft.graph.profilePropertySetting'.");
    }
}
