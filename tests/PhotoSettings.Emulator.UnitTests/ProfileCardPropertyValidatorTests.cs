using System.Text.Json;
using PhotoSettings.Emulator.Settings;

namespace PhotoSettings.Emulator.Tests;

/// <summary>profileCardProperty bodies judged on their own: what Graph's reference allows, and each refusal's words.</summary>
public sealed class ProfileCardPropertyValidatorTests
{
    private readonly ProfileCardPropertyRequestValidator _validator = new();

    [Theory]
    [InlineData("""{"directoryPropertyName":"CustomAttribute1","annotations":[{"displayName":"Cost Center","localizations":[{"languageTag":"ru-RU","displayName":"центр затрат"}]}]}""")]
    [InlineData("""{"directoryPropertyName":"alias"}""")]
    [InlineData("""{"@odata.type":"#microsoft.graph.profileCardProperty","directoryPropertyName":"Fax","annotations":[]}""")]
    [InlineData("""{"directoryPropertyName":"CustomAttribute15","annotations":null,"id":"CustomAttribute15"}""")]
    [InlineData("""{"directoryPropertyName":"UserPrincipalName","annotations":[{"displayName":"UPN","localizations":[{"languageTag":"de","displayName":"UPN"},{"languageTag":"zh-Hant-TW","displayName":"UPN"}]}]}""")]
    public void AValidCreateBodyPasses(string json)
    {
        var result = _validator.Validate(Read(json, CollectionWriteKind.Create));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("""{"annotations":[{"displayName":"Cost Centre"}]}""")]
    [InlineData("""{"directoryPropertyName":"customattribute1"}""")]
    [InlineData("""{}""")]
    public void AValidUpdateBodyPasses(string json)
    {
        Assert.True(_validator.Validate(Read(json, CollectionWriteKind.Update, "CustomAttribute1")).IsValid);
    }

    [Theory]
    [InlineData("""{}""", "directoryPropertyName", "'directoryPropertyName' is required.")]
    [InlineData("""{"directoryPropertyName":null}""", "directoryPropertyName", "'directoryPropertyName' is required.")]
    [InlineData("""{"directoryPropertyName":7}""", "directoryPropertyName", "'directoryPropertyName' must be a string, not a number.")]
    [InlineData("""{"directoryPropertyName":"Department"}""", "directoryPropertyName", "'Department' is not a directory property a profile card can show; use one of UserPrincipalName, Fax, StreetAddress, PostalCode, StateOrProvince, Alias, CustomAttribute1,")]
    [InlineData("""{"directoryPropertyName":"CustomAttribute16"}""", "directoryPropertyName", "'CustomAttribute16' is not a directory property")]
    [InlineData("""{"directoryPropertyName":"Alias","color":"red"}""", "color", "The property 'color' does not exist on type 'microsoft.graph.profileCardProperty'.")]
    [InlineData("""{"directoryPropertyName":"Alias","@odata.type":"#microsoft.graph.user"}""", "@odata.type", "'@odata.type' must be '#microsoft.graph.profileCardProperty', not '#microsoft.graph.user'.")]
    [InlineData("""{"directoryPropertyName":"Alias","id":"Fax"}""", "id", "'id' is read-only; a body may only repeat the directoryPropertyName, not 'Fax'.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":{}}""", "annotations", "'annotations' must be an array of objects, not an object.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":["x"]}""", "annotations[0]", "'annotations[0]' must be an object, not a string.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{}]}""", "annotations[0].displayName", "'annotations[0].displayName' is required.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{"displayName":"  "}]}""", "annotations[0].displayName", "'annotations[0].displayName' must not be empty.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{"displayName":"A","label":1}]}""", "annotations[0].label", "The property 'label' does not exist on type 'microsoft.graph.profileCardAnnotation'.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{"displayName":"A","localizations":[{"languageTag":"english","displayName":"A"}]}]}""", "annotations[0].localizations[0].languageTag", "'annotations[0].localizations[0].languageTag' 'english' is not a BCP 47 language tag such as 'en-US' or 'de'.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{"displayName":"A","localizations":[{"displayName":"A"}]}]}""", "annotations[0].localizations[0].languageTag", "'annotations[0].localizations[0].languageTag' is required.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{"displayName":"A","localizations":[{"languageTag":"de"}]}]}""", "annotations[0].localizations[0].displayName", "'annotations[0].localizations[0].displayName' is required.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{"displayName":"A","localizations":[{"languageTag":"de-DE","displayName":"A"},{"languageTag":"DE-de","displayName":"B"}]}]}""", "annotations[0].localizations[1].languageTag", "'annotations[0].localizations[1].languageTag' 'DE-de' appears more than once; give each language one localization.")]
    [InlineData("""{"directoryPropertyName":"Alias","annotations":[{"displayName":"A","localizations":[{"languageTag":"de","displayName":"A","webUrl":"x"}]}]}""", "annotations[0].localizations[0].webUrl", "The property 'webUrl' does not exist on type 'microsoft.graph.displayNameLocalization'.")]
    public void AnInvalidCreateBodyFailsNamingTheProperty(string json, string target, string message)
    {
        var result = _validator.Validate(Read(json, CollectionWriteKind.Create));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(target, failure.PropertyName);
        Assert.StartsWith(message, failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void LengthsAndCountsAreBounded()
    {
        var longName = new string('n', PeopleCollectionRules.MaxDisplayNameLength + 1);
        var annotations = string.Join(',', Enumerable.Repeat("""{"displayName":"A"}""", ProfileCardPropertyRequest.MaxAnnotations + 1));
        var localizations = string.Join(',', Enumerable.Range(0, PeopleCollectionRules.MaxLocalizations + 1).Select(i => $$"""{"languageTag":"x{{i}}","displayName":"A"}"""));

        Assert.Equal($"'annotations[0].displayName' is {longName.Length} characters long; at most {PeopleCollectionRules.MaxDisplayNameLength} are allowed.",
            Single($$"""{"directoryPropertyName":"Alias","annotations":[{"displayName":"{{longName}}"}]}"""));
        Assert.Equal($"'annotations' has {ProfileCardPropertyRequest.MaxAnnotations + 1} entries; at most {ProfileCardPropertyRequest.MaxAnnotations} are allowed.",
            Single($$"""{"directoryPropertyName":"Alias","annotations":[{{annotations}}]}"""));
        Assert.Equal($"'annotations[0].localizations' has {PeopleCollectionRules.MaxLocalizations + 1} entries; at most {PeopleCollectionRules.MaxLocalizations} are allowed.",
            Single($$"""{"directoryPropertyName":"Alias","annotations":[{"displayName":"A","localizations":[{{localizations}}]}]}"""));
    }

    [Fact]
    public void APatchCannotRenameTheKey()
    {
        var result = _validator.Validate(Read("""{"directoryPropertyName":"Fax"}""", CollectionWriteKind.Update, "Alias"));

        Assert.Equal("'directoryPropertyName' is the key of a profile card property and cannot change: this is 'Alias', not 'Fax'.", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public void APropertyNamedTwiceInOneBodyIsRefusedBeforeValidation()
    {
        using var document = JsonDocument.Parse("""{"directoryPropertyName":"Alias","DirectoryPropertyName":"Fax"}""");

        var (request, problem) = ProfileCardPropertyRequest.Read(document.RootElement, CollectionWriteKind.Create);

        Assert.Null(request);
        Assert.Equal("The property 'DirectoryPropertyName' appears more than once in the request body.", problem!.Message);
    }

    [Fact]
    public void AValidBodyBecomesTheNormalisedPropertyAndAPatchKeepsWhatItLeavesOut()
    {
        var created = Read("""{"directoryPropertyName":"customATTRIBUTE1","annotations":[{"displayName":"Cost Center","localizations":[{"languageTag":"ru-RU","displayName":"центр затрат"}]}]}""", CollectionWriteKind.Create).Apply(null);

        Assert.Equal(new ProfileCardProperty("CustomAttribute1", [new ProfileCardAnnotation("Cost Center", [new DisplayNameLocalization("ru-RU", "центр затрат")])]), created);
        Assert.Equal(created, Read("""{}""", CollectionWriteKind.Update, "CustomAttribute1").Apply(created));
        Assert.Empty(Read("""{"annotations":null}""", CollectionWriteKind.Update, "CustomAttribute1").Apply(created).Annotations);
    }

    [Fact]
    public void TheCatalogueHoldsTheTwentyOnePropertiesTheReferenceLists()
    {
        Assert.Equal(21, ProfileCardDirectoryProperties.All.Count);
        Assert.Equal("StateOrProvince", ProfileCardDirectoryProperties.Canonical(" stateorprovince "));
        Assert.Null(ProfileCardDirectoryProperties.Canonical("CustomAttribute0"));
    }

    [Fact]
    public void ASecondPropertyForTheSameDirectoryPropertyIsADuplicate()
    {
        var existing = new[] { new ProfileCardProperty("Alias", []) };

        Assert.Equal("A profile card property for 'Alias' already exists; PATCH it, or DELETE it first.",
            ProfileCardPropertyCollectionRules.DuplicateProblem(existing, new ProfileCardProperty("Alias", [])));
        Assert.Null(ProfileCardPropertyCollectionRules.DuplicateProblem(existing, new ProfileCardProperty("Fax", [])));
    }

    [Fact]
    public void TheCollectionIsWrittenAsAnArrayOfItemsInGraphsWords()
    {
        var property = new ProfileCardProperty("CustomAttribute1", [new ProfileCardAnnotation("Cost Center", [new DisplayNameLocalization("de", "Kostenstelle")])]);

        var json = new ProfileCardPropertiesDeclaration().ToJson(new SettingCollection<ProfileCardProperty>([property])).GetRawText();

        Assert.Equal("""[{"directoryPropertyName":"CustomAttribute1","annotations":[{"displayName":"Cost Center","localizations":[{"languageTag":"de","displayName":"Kostenstelle"}]}]}]""", json);
    }

    private string Single(string json) => Assert.Single(_validator.Validate(Read(json, CollectionWriteKind.Create)).Errors).ErrorMessage;

    private static ProfileCardPropertyRequest Read(string json, CollectionWriteKind kind, string? key = null)
    {
        using var document = JsonDocument.Parse(json);
        var (request, problem) = ProfileCardPropertyRequest.Read(document.RootElement, kind, key);
        Assert.Null(problem);
        return request!;
    }
}
