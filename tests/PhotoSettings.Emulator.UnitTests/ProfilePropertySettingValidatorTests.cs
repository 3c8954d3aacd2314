using System.Text.Json;
using PhotoSettings.Emulator.Settings;

namespace PhotoSettings.Emulator.Tests;

/// <summary>profilePropertySetting bodies (beta) judged on their own, and the collection's one-unnamed-setting rule.</summary>
public sealed class ProfilePropertySettingValidatorTests
{
    private const string Key = "0ab6aa2a-2e5a-4e3c-9bf1-0c8a0b0e5f01";
    private readonly ProfilePropertySettingRequestValidator _validator = new();

    [Theory]
    [InlineData("""{"prioritizedSourceUrls":["https://graph.microsoft.com/beta/admin/people/profileSources(sourceId='8c7b4f3e')","https://graph.microsoft.com/beta/admin/people/profileSources(sourceId='aad')"]}""")]
    [InlineData("""{"name":"skills","displayName":"Skills","allowedAudiences":"organization","isUserOverrideForAudienceEnabled":true}""")]
    [InlineData("""{"allowedAudiences":"EVERYONE","isUserOverrideForAudienceEnabled":null,"prioritizedSourceUrls":null}""")]
    [InlineData("""{"@odata.type":"#microsoft.graph.profilePropertySetting"}""")]
    public void AValidBodyPasses(string json)
    {
        var result = _validator.Validate(Read(json, CollectionWriteKind.Create));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("""{"prioritizedSourceUrls":"https://x.test"}""", "prioritizedSourceUrls", "'prioritizedSourceUrls' must be an array of URLs, not 'https://x.test'.")]
    [InlineData("""{"prioritizedSourceUrls":["not a url"]}""", "prioritizedSourceUrls[0]", "'prioritizedSourceUrls[0]' must be an absolute http or https URL of at most 2048 characters, not 'not a url'.")]
    [InlineData("""{"prioritizedSourceUrls":["ftp://x.test/a"]}""", "prioritizedSourceUrls[0]", "'prioritizedSourceUrls[0]' must be an absolute http or https URL")]
    [InlineData("""{"prioritizedSourceUrls":[1]}""", "prioritizedSourceUrls[0]", "'prioritizedSourceUrls[0]' must be an absolute http or https URL of at most 2048 characters, not a number.")]
    [InlineData("""{"prioritizedSourceUrls":["https://x.test/a","HTTPS://X.TEST/a"]}""", "prioritizedSourceUrls[1]", "'prioritizedSourceUrls[1]' 'HTTPS://X.TEST/a' appears more than once; each source has one place in the order.")]
    [InlineData("""{"allowedAudiences":"friends"}""", "allowedAudiences", "'friends' is not a valid value for 'allowedAudiences' (microsoft.graph.organizationAllowedAudiences); use one of me, organization, federatedOrganizations, everyone.")]
    [InlineData("""{"allowedAudiences":"unknownFutureValue"}""", "allowedAudiences", "'unknownFutureValue' is not a valid value for 'allowedAudiences'")]
    [InlineData("""{"isUserOverrideForAudienceEnabled":"yes"}""", "isUserOverrideForAudienceEnabled", "'isUserOverrideForAudienceEnabled' must be true, false or null, not 'yes'.")]
    [InlineData("""{"name":5}""", "name", "'name' must be a string, not a number.")]
    [InlineData("""{"displayName":""}""", "displayName", "'displayName' must not be empty.")]
    [InlineData("""{"id":"0ab6aa2a-2e5a-4e3c-9bf1-0c8a0b0e5f01"}""", "id", "'id' is read-only: the service makes it; a PATCH body may only repeat it, not '0ab6aa2a-2e5a-4e3c-9bf1-0c8a0b0e5f01'.")]
    [InlineData("""{"priority":1}""", "priority", "The property 'priority' does not exist on type 'microsoft.graph.profilePropertySetting'.")]
    public void AnInvalidBodyFailsNamingTheProperty(string json, string target, string message)
    {
        var result = _validator.Validate(Read(json, CollectionWriteKind.Create));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(target, failure.PropertyName);
        Assert.StartsWith(message, failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void APatchMayRepeatItsIdAndKeepsWhatItLeavesOut()
    {
        var current = new ProfilePropertySetting(Key, "Skills", "skills", ["https://x.test/a"], "organization", false);
        var request = Read($$"""{"id":"{{Key}}","allowedAudiences":"Me"}""", CollectionWriteKind.Update, Key);

        Assert.True(_validator.Validate(request).IsValid);
        Assert.Equal(current with { AllowedAudiences = "me" }, request.Apply(current, "unused"));
        Assert.Equal(current with { PrioritizedSourceUrls = [] }, Read("""{"prioritizedSourceUrls":null}""", CollectionWriteKind.Update, Key).Apply(current, "unused"));
    }

    [Fact]
    public void TooManySourceUrlsAreRefused()
    {
        var urls = string.Join(',', Enumerable.Range(0, ProfilePropertySettingRequest.MaxPrioritizedSourceUrls + 1).Select(i => $"\"https://x.test/{i}\""));

        var failure = Assert.Single(_validator.Validate(Read($$"""{"prioritizedSourceUrls":[{{urls}}]}""", CollectionWriteKind.Create)).Errors);

        Assert.Equal($"'prioritizedSourceUrls' has 101 entries; at most {ProfilePropertySettingRequest.MaxPrioritizedSourceUrls} are allowed.", failure.ErrorMessage);
    }

    [Fact]
    public void OnlyOneSettingWithoutANameIsAllowed()
    {
        var tenantLevel = new ProfilePropertySetting(Key, null, null, ["https://x.test/a"], null, null);
        var named = new ProfilePropertySetting("b", "Skills", "skills", [], null, null);

        Assert.StartsWith("Only one profile property setting without a name is allowed",
            ProfilePropertySettingCollectionRules.SecondUnnamedProblem([tenantLevel, named], new ProfilePropertySetting("c", null, "", [], null, null)));
        Assert.Null(ProfilePropertySettingCollectionRules.SecondUnnamedProblem([tenantLevel, named], tenantLevel with { PrioritizedSourceUrls = [] }));
        Assert.Null(ProfilePropertySettingCollectionRules.SecondUnnamedProblem([tenantLevel], named));
    }

    [Fact]
    public void TheCollectionIsWrittenAsAnArrayOfItemsWithUnsetPropertiesNull()
    {
        var setting = new ProfilePropertySetting(Key, null, null, ["https://x.test/a"], null, null);

        var json = new ProfilePropertySettingsDeclaration().ToJson(new SettingCollection<ProfilePropertySetting>([setting])).GetRawText();

        Assert.Equal($$"""[{"id":"{{Key}}","displayName":null,"name":null,"prioritizedSourceUrls":["https://x.test/a"],"allowedAudiences":null,"isUserOverrideForAudienceEnabled":null}]""", json);
    }

    private static ProfilePropertySettingRequest Read(string json, CollectionWriteKind kind, string? key = null)
    {
        using var document = JsonDocument.Parse(json);
        var (request, problem) = ProfilePropertySettingRequest.Read(document.RootElement, kind, key);
        Assert.Null(problem);
        return request!;
    }
}
