using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The one rule the photo endpoints and the who-may-change view both apply.</summary>
public sealed class PhotoWriteRuleTests
{
    private const string PeopleAdministrator = "024906de-61e5-49c8-8572-40335f1e0e10";
    private const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";

    private static PhotoUpdateSettings Settings(PhotoUpdateSource? source, params string[] roles) => new(source, [.. roles]);

    [Fact]
    public void TheDefaultSettingsLetEveryUserAndEveryApplicationWrite()
    {
        Assert.Equal(PhotoWriteVerdict.Allowed, PhotoWriteRule.Judge(PhotoUpdateSettings.Default, delegated: true, []));
        Assert.Equal(PhotoWriteVerdict.Allowed, PhotoWriteRule.Judge(PhotoUpdateSettings.Default, delegated: false, []));
    }

    [Fact]
    public void TheDefaultHasAnUnsetSourceAndNoRoles()
    {
        Assert.Null(PhotoUpdateSettings.Default.Source);
        Assert.Empty(PhotoUpdateSettings.Default.AllowedRoles);
    }

    [Fact]
    public void AnUnsetSourceWithAllowedRolesJudgesCloudWritesByRoleAsCloudDoes()
    {
        var settings = Settings(null, PeopleAdministrator);

        Assert.Equal(PhotoWriteVerdict.RoleRequired, PhotoWriteRule.Judge(settings, delegated: true, [UserAdministrator]));
        Assert.Equal(PhotoWriteVerdict.Allowed, PhotoWriteRule.Judge(settings, delegated: true, [PeopleAdministrator]));
        Assert.Equal(PhotoWriteVerdict.Allowed, PhotoWriteRule.Judge(settings, delegated: false, []));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OnPremisesBlocksUsersWithTheRoleAndApplicationsAlike(bool delegated)
    {
        var settings = Settings(PhotoUpdateSource.OnPremises, PeopleAdministrator);

        Assert.Equal(PhotoWriteVerdict.ManagedOnPremises, PhotoWriteRule.Judge(settings, delegated, [PeopleAdministrator]));
    }

    [Fact]
    public void AllowedRolesBlockASignedInUserHoldingNoneOfThem()
    {
        var settings = Settings(PhotoUpdateSource.Cloud, PeopleAdministrator);

        Assert.Equal(PhotoWriteVerdict.RoleRequired, PhotoWriteRule.Judge(settings, delegated: true, []));
        Assert.Equal(PhotoWriteVerdict.RoleRequired, PhotoWriteRule.Judge(settings, delegated: true, [UserAdministrator]));
    }

    [Fact]
    public void AllowedRolesLetAUserHoldingAnyOneOfThemWrite()
    {
        var settings = Settings(PhotoUpdateSource.Cloud, PeopleAdministrator, UserAdministrator);

        Assert.Equal(PhotoWriteVerdict.Allowed, PhotoWriteRule.Judge(settings, delegated: true, [UserAdministrator]));
        Assert.Equal(PhotoWriteVerdict.Allowed, PhotoWriteRule.Judge(settings, delegated: true, new HashSet<string> { "62e90394-69f5-4237-9190-012177145e10", PeopleAdministrator }));
    }

    [Fact]
    public void AllowedRolesDoNotRestrictAnApplication()
    {
        Assert.Equal(PhotoWriteVerdict.Allowed, PhotoWriteRule.Judge(Settings(PhotoUpdateSource.Cloud, PeopleAdministrator), delegated: false, []));
    }
}
