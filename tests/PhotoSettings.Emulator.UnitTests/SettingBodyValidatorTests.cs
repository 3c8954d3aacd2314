using System.Text.Json;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.UnitTests;

/// <summary>The one validator of every singleton's body, and a singleton's state slot, without a host.</summary>
public sealed class SettingBodyValidatorTests
{
    private static readonly ItemInsightsDeclaration Insights = new();
    private static readonly SettingBodyValidator Validator = new();

    private static string[] Problems(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (body, problem) = Insights.ReadBody(document.RootElement);
        Assert.Null(problem);
        return [.. Validator.Validate(body!).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")];
    }

    [Fact]
    public void AWellShapedBodyHasNoProblemsAndMergesOntoTheConfiguredValue()
    {
        using var document = JsonDocument.Parse("""{"DisabledForGroup":"{0F5E0000-0000-4000-8000-00000000000A}","@odata.type":"#microsoft.graph.insightsSettings"}""");
        var body = Insights.ReadBody(document.RootElement).Request!;

        Assert.Empty(Validator.Validate(body).Errors);
        Assert.Equal(new InsightsSettings(false, "0f5e0000-0000-4000-8000-00000000000a"), Insights.Merge(body, new InsightsSettings(false, null)));
    }

    [Theory]
    [InlineData("""{"isEnabled":true}""", "isEnabled: The property 'isEnabled' does not exist on type 'microsoft.graph.insightsSettings'. Make sure to only use property names that are defined by the type.")]
    [InlineData("""{"isEnabledInOrganization":1}""", "isEnabledInOrganization: 'isEnabledInOrganization' must be true or false, not a number.")]
    [InlineData("""{"disabledForGroup":false}""", "disabledForGroup: 'disabledForGroup' must be a group's object id (a GUID string) or null, not a boolean.")]
    [InlineData("""{"@odata.type":"#microsoft.graph.user"}""", "@odata.type: '@odata.type' must be '#microsoft.graph.insightsSettings', not '#microsoft.graph.user'.")]
    public void EachBadPropertyIsNamedWithItsProblem(string json, string expected)
    {
        Assert.Equal([expected], Problems(json));
    }

    [Fact]
    public void TwoSpellingsOfOnePropertyAreRefusedBeforeValidation()
    {
        using var document = JsonDocument.Parse("""{"disabledForGroup":null,"DISABLEDFORGROUP":null}""");

        var (body, problem) = Insights.ReadBody(document.RootElement);

        Assert.Null(body);
        Assert.Equal("The property 'DISABLEDFORGROUP' appears more than once in the request body.", problem!.Message);
    }

    [Fact]
    public void EachSettingKeepsItsOwnSlotAndOneChangeCountAndAResetClearsThemAll()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var pronouns = new PronounsDeclaration();
        var state = TenantState.New(new Tenant(Guid.NewGuid(), "T", IdentityModel.CloudOnly));

        state = pronouns.WithChange(state, new PronounsSettings(true), start, TimeSpan.FromHours(7), 10);
        state = Insights.WithChange(state, new InsightsSettings(false, null), start, TimeSpan.FromHours(24), 10);

        Assert.Equal(2, state.ChangeCount);
        Assert.Equal(1, pronouns.HistoryOf(state).LastSequence);
        Assert.Equal(2, Insights.HistoryOf(state).LastSequence);
        Assert.Equal(new PronounsSettings(true), pronouns.HistoryOf(state).EffectiveAt(start + TimeSpan.FromHours(7)));
        Assert.Equal(InsightsSettings.Default, Insights.HistoryOf(state).EffectiveAt(start + TimeSpan.FromHours(7)));
        Assert.Equal(PhotoUpdateSettings.Default, state.Configured);
        Assert.Empty(state.Reset().Settings);
    }
}
