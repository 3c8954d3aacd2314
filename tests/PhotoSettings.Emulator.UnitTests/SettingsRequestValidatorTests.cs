using System.Text.Json;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Settings;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The validators on their own, without HTTP.</summary>
public sealed class SettingsRequestValidatorTests
{
    private static readonly Guid CustomRoleId = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");

    private static readonly TenantState Hybrid = TenantState.New(
        new Tenant(Guid.Parse("11111111-0000-4000-8000-000000000001"), "Hybrid", IdentityModel.Hybrid)
        {
            CustomRoles = [new CustomRole(CustomRoleId, "Photo Stewards")],
        });

    private static readonly TenantState CloudOnly = TenantState.New(
        new Tenant(Guid.Parse("22222222-0000-4000-8000-000000000002"), "Cloud Co", IdentityModel.CloudOnly));

    private readonly SettingsRequestValidator _requests = new(RoleCatalog.LoadEmbedded());
    private readonly PhotoUpdateSettingsValidator _settings = new();

    [Theory]
    [InlineData("""{"source":"cloud","allowedRoles":[]}""")]
    [InlineData("""{"source":"CLOUD"}""")]
    [InlineData("""{"allowedRoles":null}""")]
    [InlineData("""{"source":null}""")]
    [InlineData("""{"allowedRoles":["aaaaaaaa-0000-4000-8000-000000000001"]}""")]
    [InlineData("""{"@odata.type":"microsoft.graph.photoUpdateSettings"}""")]
    [InlineData("""{"id":"11111111-0000-4000-8000-000000000001"}""")]
    public void AValidBodyPasses(string json)
    {
        var result = _requests.Validate(SettingsRequestValidator.ContextFor(Read(json), Hybrid));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("""{"allowedRoles":["aaaaaaaa-0000-4000-8000-000000000001"]}""", "allowedRoles[0]")]
    [InlineData("""{"source":"both"}""", "source")]
    [InlineData("""{"source":false}""", "source")]
    [InlineData("""{"id":"11111111-0000-4000-8000-000000000001"}""", "id")]
    [InlineData("""{"photo":"x"}""", "photo")]
    public void AnInvalidBodyFailsWithTheOffendingPropertyAsTarget(string json, string target)
    {
        // In the cloud-only tenant the custom role and the hybrid tenant's id are unknown.
        var result = _requests.Validate(SettingsRequestValidator.ContextFor(Read(json), CloudOnly));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(target, failure.PropertyName);
    }

    [Fact]
    public void OnPremisesNeedsAHybridTenant()
    {
        var onPremises = new PhotoUpdateSettings(PhotoUpdateSource.OnPremises, []);

        Assert.True(_settings.Validate(PhotoUpdateSettingsValidator.ContextFor(onPremises, Hybrid)).IsValid);
        var failure = Assert.Single(_settings.Validate(PhotoUpdateSettingsValidator.ContextFor(onPremises, CloudOnly)).Errors);
        Assert.Contains("only to hybrid tenants", failure.ErrorMessage);
    }

    [Fact]
    public void OnPremisesCannotRestrictByRole()
    {
        var restricted = new PhotoUpdateSettings(PhotoUpdateSource.OnPremises, [RoleCatalog.UserAdministrator]);

        var failure = Assert.Single(_settings.Validate(PhotoUpdateSettingsValidator.ContextFor(restricted, Hybrid)).Errors);
        Assert.Equal("allowedRoles", failure.PropertyName);
    }

    [Fact]
    public void TheChangeIsNormalised()
    {
        var request = Read($$"""{"source":"onpremises","allowedRoles":[" {{RoleCatalog.UserAdministrator.ToUpperInvariant()}} ","{{RoleCatalog.UserAdministrator}}"]}""");

        var change = request.ToChange();

        Assert.Equal(PhotoUpdateSource.OnPremises, change.Source);
        Assert.Equal([RoleCatalog.UserAdministrator], change.AllowedRoles!.Value.ToArray());
    }

    [Fact]
    public void AnExplicitNullSourceUnsetsItWhereAnAbsentSourceKeepsIt()
    {
        var current = new PhotoUpdateSettings(PhotoUpdateSource.Cloud, [RoleCatalog.UserAdministrator]);

        Assert.Equal(new PhotoUpdateSettings(null, [RoleCatalog.UserAdministrator]), Read("""{"source":null}""").ToChange().MergeInto(current));
        Assert.Equal(new PhotoUpdateSettings(PhotoUpdateSource.Cloud, []), Read("""{"allowedRoles":[]}""").ToChange().MergeInto(current));
        Assert.Equal(PhotoUpdateSource.Cloud, Read("""{}""").ToChange().MergeInto(current).Source);
    }

    private static SettingsRequest Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (request, error) = SettingsRequest.Read(document.RootElement);
        Assert.Null(error);
        return request!;
    }
}
