using System.Text.Json;
using PhotoSettings.Emulator.Settings;

namespace PhotoSettings.Emulator.Tests;

/// <summary>profileSource bodies judged on their own, and the collection's alternate-key rule.</summary>
public sealed class ProfileSourceValidatorTests
{
    private const string Key = "0ab6aa2a-2e5a-4e3c-9bf1-0c8a0b0e5f02";
    private static readonly ProfileSource Workday = new(Key, "8c7b4f3e", "Workday", "HR", "https://wd.test/people", []);
    private readonly ProfileSourceRequestValidator _validator = new();

    [Theory]
    [InlineData("""{"sourceId":"8c7b4f3e","displayName":"Workday","kind":"HR","webUrl":"https://wd.test/people"}""")]
    [InlineData("""{"sourceId":"aad","displayName":"Entra","localizations":[{"languageTag":"fr-FR","displayName":"Entra","webUrl":"https://entra.test/fr"},{"languageTag":"de","displayName":"Entra"}]}""")]
    [InlineData("""{"@odata.type":"#microsoft.graph.profileSource","sourceId":"x","displayName":"X","webUrl":null,"localizations":null}""")]
    public void AValidCreateBodyPasses(string json)
    {
        var result = _validator.Validate(Read(json, CollectionWriteKind.Create));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("""{"displayName":"X"}""", "sourceId", "'sourceId' is required.")]
    [InlineData("""{"sourceId":"x"}""", "displayName", "'displayName' is required.")]
    [InlineData("""{"sourceId":[],"displayName":"X"}""", "sourceId", "'sourceId' must be a string, not an array.")]
    [InlineData("""{"sourceId":"x","displayName":"X","webUrl":"javascript:alert(1)"}""", "webUrl", "'webUrl' must be an absolute http or https URL of at most 2048 characters, not 'javascript:alert(1)'.")]
    [InlineData("""{"sourceId":"x","displayName":"X","kind":false}""", "kind", "'kind' must be a string, not")]
    [InlineData("""{"sourceId":"x","displayName":"X","localizations":[{"languageTag":"fr","webUrl":"/relative"}]}""", "localizations[0].webUrl", "'localizations[0].webUrl' must be an absolute http or https URL")]
    [InlineData("""{"sourceId":"x","displayName":"X","localizations":[{"languageTag":"fr_FR"}]}""", "localizations[0].languageTag", "'localizations[0].languageTag' 'fr_FR' is not a BCP 47 language tag such as 'en-US' or 'de'.")]
    [InlineData("""{"sourceId":"x","displayName":"X","localizations":[{"languageTag":"fr"},{"languageTag":"FR"}]}""", "localizations[1].languageTag", "'localizations[1].languageTag' 'FR' appears more than once; give each language one localization.")]
    [InlineData("""{"sourceId":"x","displayName":"X","localizations":[{"languageTag":"fr","tooltip":"t"}]}""", "localizations[0].tooltip", "The property 'tooltip' does not exist on type 'microsoft.graph.profileSourceLocalization'.")]
    [InlineData("""{"sourceId":"x","displayName":"X","owner":"me"}""", "owner", "The property 'owner' does not exist on type 'microsoft.graph.profileSource'.")]
    [InlineData("""{"sourceId":"x","displayName":"X","id":"mine"}""", "id", "'id' is read-only: the service makes it; a PATCH body may only repeat it, not 'mine'.")]
    public void AnInvalidCreateBodyFailsNamingTheProperty(string json, string target, string message)
    {
        var result = _validator.Validate(Read(json, CollectionWriteKind.Create));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(target, failure.PropertyName);
        Assert.StartsWith(message, failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongSourceIdIsRefused()
    {
        var failure = Assert.Single(_validator.Validate(Read($$"""{"sourceId":"{{new string('s', ProfileSourceRequest.MaxSourceIdLength + 1)}}","displayName":"X"}""", CollectionWriteKind.Create)).Errors);

        Assert.Equal($"'sourceId' is {ProfileSourceRequest.MaxSourceIdLength + 1} characters long; at most {ProfileSourceRequest.MaxSourceIdLength} are allowed.", failure.ErrorMessage);
    }

    [Fact]
    public void APatchKeepsWhatItLeavesOutAndCannotChangeTheSourceId()
    {
        var rename = Read("""{"displayName":"Workday HR","id":"0AB6AA2A-2E5A-4E3C-9BF1-0C8A0B0E5F02"}""", CollectionWriteKind.Update, Workday);
        var moved = Read("""{"sourceId":"other"}""", CollectionWriteKind.Update, Workday);

        Assert.True(_validator.Validate(rename).IsValid);
        Assert.Equal(Workday with { DisplayName = "Workday HR" }, rename.Apply("unused"));
        Assert.Equal("'sourceId' is the alternate key of a profile source and cannot change: this is '8c7b4f3e', not 'other'.",
            Assert.Single(_validator.Validate(moved).Errors).ErrorMessage);
    }

    [Fact]
    public void ASecondSourceWithTheSameSourceIdIsADuplicate()
    {
        Assert.Equal("A profile source with sourceId '8C7B4F3E' already exists; PATCH it, or DELETE it first.",
            ProfileSourceCollectionRules.DuplicateSourceIdProblem([Workday], Workday with { Id = "new", SourceId = "8C7B4F3E" }));
        Assert.Null(ProfileSourceCollectionRules.DuplicateSourceIdProblem([Workday], Workday with { DisplayName = "Renamed" }));
    }

    [Fact]
    public void TheCollectionIsWrittenAsAnArrayOfItemsWithUnsetPropertiesNull()
    {
        var source = Workday with { Localizations = [new ProfileSourceLocalization("de", "Workday DE", null)] };

        var json = new ProfileSourcesDeclaration().ToJson(new SettingCollection<ProfileSource>([source])).GetRawText();

        Assert.Equal($$"""[{"id":"{{Key}}","sourceId":"8c7b4f3e","displayName":"Workday","kind":"HR","webUrl":"https://wd.test/people","localizations":[{"languageTag":"de","displayName":"Workday DE","webUrl":null}]}]""", json);
    }

    private static ProfileSourceRequest Read(string json, CollectionWriteKind kind, ProfileSource? current = null)
    {
        using var document = JsonDocument.Parse(json);
        var (request, problem) = ProfileSourceRequest.Read(document.RootElement, kind, current);
        Assert.Null(problem);
        return request!;
    }
}
