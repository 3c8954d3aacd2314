using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The tenant document's validator on its own: each child's problem is named by its JSON path inside the
/// tenant, in the property and in the message, as a control-API client or a tenants file's author reads it.
/// </summary>
public sealed class TenantDocumentValidatorTests
{
    private const string UserA = "aaaa0000-0000-4000-8000-000000000001";
    private const string UserB = "aaaa0000-0000-4000-8000-000000000002";
    private static readonly RoleCatalog Roles = RoleCatalog.LoadEmbedded();
    private readonly TenantDocumentValidator _validator = new(Roles, new SettingsHistoryDocumentValidator(Roles));

    [Fact]
    public void AWellFormedTenantPasses()
    {
        var result = _validator.Validate(Tenant());

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void ANullUserIsNamedByItsIndex()
    {
        AssertProblem(Tenant() with { Users = [User(UserA, "a@example.com"), null!] }, "users[1]", "users[1] is null.");
    }

    [Fact]
    public void AUserRoleThatIsNeitherBuiltInNorCustomIsNamedByItsPath()
    {
        var unknown = "bbbb0000-0000-4000-8000-000000000009";
        var user = User(UserA, "a@example.com") with { Roles = [RoleCatalog.UserAdministrator, unknown] };

        AssertProblem(Tenant() with { Users = [user] }, "users[0].roles[1]",
            $"users[0].roles[1] '{unknown}' is neither an Entra built-in role template id nor one of this tenant's customRoles.");
    }

    [Fact]
    public void ASecondUserWithTheSamePrincipalNameInAnotherCaseIsRefused()
    {
        AssertProblem(Tenant() with { Users = [User(UserA, "a@example.com"), User(UserB, " A@Example.com ")] }, "users[1].userPrincipalName",
            "users[1].userPrincipalName 'A@Example.com' is used by another user.");
    }

    [Fact]
    public void ACustomRoleWithABuiltInRolesIdIsRefused()
    {
        var builtIn = RoleCatalog.GlobalAdministrator;
        var tenant = Tenant() with { CustomRoles = [new CustomRoleDocument { Id = builtIn, DisplayName = "Mine" }] };

        AssertProblem(tenant, "customRoles[0].id",
            $"customRoles[0].id '{builtIn}' is the built-in role '{Roles.DisplayName(Guid.Parse(builtIn))}'; a custom role needs an id of its own.");
    }

    [Fact]
    public void AnApplicationWithoutASecretIsRefused()
    {
        var app = new TenantApplicationDocument { AppId = "cccc0000-0000-4000-8000-000000000001", DisplayName = "Auditor" };

        AssertProblem(Tenant() with { Applications = [app] }, "applications[0].clientSecret",
            "'applications[0].clientSecret' is required, at most 256 characters.");
    }

    [Fact]
    public void APhotoOfSomeoneNotInTheTenantIsRefused()
    {
        var photo = new PhotoDocument { UserId = UserB, ContentType = "image/jpeg", Content = "" };

        AssertProblem(Tenant() with { Photos = [photo] }, "photos[0].userId", $"photos[0].userId '{UserB}' is not one of this tenant's users.");
    }

    [Fact]
    public void SettingsVersionsOutOfOrderAreRefusedAtTheLaterOne()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = new SettingsHistoryDocument
        {
            Versions =
            [
                Version(start, start.AddDays(2)),
                Version(start.AddHours(1), start.AddDays(1)),
            ],
        };

        AssertProblem(Tenant() with { PhotoUpdateSettings = history }, "photoUpdateSettings.versions[1].effectiveAt",
            "photoUpdateSettings.versions[1].effectiveAt is before the previous version's: versions take effect in order.");
    }

    [Fact]
    public void AnOnPremisesVersionOnACloudOnlyTenantIsNamedByItsPath()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var version = Version(start, start) with { Settings = new SettingsValueDocument { Source = "onPremises", AllowedRoles = [] } };
        var result = _validator.Validate(Tenant() with { PhotoUpdateSettings = new SettingsHistoryDocument { Versions = [version] } });

        var problem = Assert.Single(result.Errors);
        Assert.Equal("photoUpdateSettings.versions[0].settings.source", problem.PropertyName);
        Assert.StartsWith("photoUpdateSettings.versions[0].settings: ", problem.ErrorMessage);
    }

    private void AssertProblem(TenantDocument tenant, string property, string message)
    {
        var problem = Assert.Single(_validator.Validate(tenant).Errors);
        Assert.Equal((property, message), (problem.PropertyName, problem.ErrorMessage));
    }

    private static TenantDocument Tenant() => new()
    {
        Id = "dddd0000-0000-4000-8000-000000000001",
        DisplayName = "Contoso",
        IdentityModel = "cloudOnly",
        Users = [User(UserA, "a@example.com")],
    };

    private static TenantUserDocument User(string id, string upn) => new() { Id = id, UserPrincipalName = upn, DisplayName = "Someone" };

    private static SettingsVersionDocument Version(DateTimeOffset requested, DateTimeOffset effective) => new()
    {
        Settings = new SettingsValueDocument { Source = "cloud", AllowedRoles = [] },
        RequestedAt = requested,
        EffectiveAt = effective,
    };
}
