using System.Text.Json;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// The emulator's role catalogue against lists kept apart from it: the test fixture copied from
/// <c>shared/data/entra-builtin-roles.json</c> (Microsoft's permissions reference), and a handful of
/// template ids written here from that page. Editing the emulator's embedded copy alone fails these.
/// </summary>
public sealed class RoleCatalogTests
{
    /// <summary>The role ids of the test fixture, read independently of the emulator's embedded copy.</summary>
    public static IReadOnlyList<string> BuiltInRoleIds() => [.. FixtureRoles().Select(r => r.Id)];

    private static IReadOnlyList<(string Id, string Name)> FixtureRoles()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "entra-builtin-roles.json")));
        return [.. document.RootElement.GetProperty("roles").EnumerateArray()
            .Select(r => (r.GetProperty("templateId").GetString()!, r.GetProperty("displayName").GetString()!))];
    }

    [Fact]
    public void TheShippedCatalogueHoldsExactlyTheRolesOfMicrosoftsListWithTheirNames()
    {
        var catalog = RoleCatalog.LoadEmbedded();
        var roles = FixtureRoles();

        Assert.True(roles.Count > 100);
        Assert.Equal(roles.Count, catalog.Count);
        Assert.All(roles, role => Assert.Equal(role.Name, catalog.DisplayName(Guid.Parse(role.Id))));
        Assert.False(catalog.IsBuiltIn(Guid.Parse("00000000-1111-2222-3333-444444444444")));
    }

    [Theory]
    [InlineData("62e90394-69f5-4237-9190-012177145e10", "Global Administrator")]
    [InlineData("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator")]
    [InlineData("024906de-61e5-49c8-8572-40335f1e0e10", "People Administrator")]
    [InlineData("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator")]
    [InlineData("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator")]
    [InlineData("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator")]
    [InlineData("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator")]
    [InlineData("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator")]
    [InlineData("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader")]
    [InlineData("b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator")]
    [InlineData("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator")]
    [InlineData("69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator")]
    public void AWellKnownRoleIsBuiltInUnderItsName(string templateId, string name)
    {
        var catalog = RoleCatalog.LoadEmbedded();

        Assert.True(catalog.IsBuiltIn(Guid.Parse(templateId)));
        Assert.Equal(name, catalog.DisplayName(Guid.Parse(templateId)));
    }
}
