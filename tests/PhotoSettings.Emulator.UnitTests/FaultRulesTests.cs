using PhotoSettings.Emulator.Faults;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The fault-rule validator and the rule list on their own, without HTTP.</summary>
public sealed class FaultRulesTests
{
    private static readonly FaultRuleValidator Validator = new();

    [Theory]
    [InlineData("rule-1")]
    [InlineData("a#b%c&d+e|f~g!h'i*j^k_l`m.n$")]
    [InlineData("3f2a0000-0000-4000-8000-000000000001")]
    public void AnIdThatIsAHeaderTokenIsValid(string id) =>
        Assert.True(Validator.Validate(new FaultRuleDocument { Id = id, Status = 503 }).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("del\u007f")]
    [InlineData("r\u00e8gle")]
    [InlineData("quote\"d")]
    [InlineData("semi;colon")]
    [InlineData("slash/ed")]
    public void AnIdAHeaderCannotCarryIsRefusedOnItsOwnPath(string id)
    {
        var result = Validator.Validate(new FaultRuleDocument { Id = id, Status = 503 });

        Assert.Equal("id", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void TheListHoldsAtMostTheCapAndAReplacementByIdIsTakenAtIt()
    {
        var rules = new FaultRules();
        for (var i = 0; i < FaultRules.MaxRules; i++)
        {
            Assert.NotNull(rules.Add(new FaultRuleDocument { Id = $"r{i}", Path = $"/beta/{i}", Status = 503 }));
        }

        Assert.Null(rules.Add(new FaultRuleDocument { Id = "one-more", Status = 503 }));
        Assert.NotNull(rules.Add(new FaultRuleDocument { Id = "R0", Path = "/beta/zero", Status = 500 }));
        Assert.Equal(FaultRules.MaxRules, rules.List().Count);
        Assert.DoesNotContain(rules.List(), r => r.Id == "one-more");
    }

    [Fact]
    public void ASpentRuleLeavesRoomForAnother()
    {
        var rules = new FaultRules();
        for (var i = 0; i < FaultRules.MaxRules; i++)
        {
            rules.Add(new FaultRuleDocument { Id = $"r{i}", Path = $"/beta/{i}", Status = 503, Count = 1 });
        }

        var decision = rules.Decide(null, "GET", "/beta/7");

        Assert.Equal("r7", decision?.RuleId);
        Assert.Null(rules.Decide(null, "GET", "/beta/7"));
        Assert.NotNull(rules.Add(new FaultRuleDocument { Id = "next", Status = 503 }));
        Assert.Equal(FaultRules.MaxRules, rules.List().Count);
    }
}
