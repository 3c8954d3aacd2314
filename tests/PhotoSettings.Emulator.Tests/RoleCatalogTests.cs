using System.Text.Json;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Tests;

public sealed class RoleCatalogTests
{
    /// <summary>The role ids of the catalogue in shared/, read independently of the emulator's copy.</summary>
    public static IReadOnlyList<string> BuiltInRoleIds()
    {
        using var stream = typeof(RoleCatalog).Assembly.GetManifestResourceStream("PhotoSettings.Emulator.entra-builtin-roles.json")!;
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("templateId").GetString()!)];
    }

    [Fact]
    public void TheShippedCatalogueKnowsEveryBuiltInRoleAndNothingElse()
    {
        var catalog = RoleCatalog.LoadEmbedded();
        var ids = BuiltInRoleIds();

        Assert.Equal(ids.Count, catalog.Count);
        Assert.True(ids.Count > 100);
        Assert.All(ids, id => Assert.True(catalog.IsBuiltIn(Guid.Parse(id)), id));
        Assert.Equal("People Administrator", catalog.DisplayName(Guid.Parse(RoleCatalog.PeopleAdministrator)));
        Assert.Equal("User Administrator", catalog.DisplayName(Guid.Parse(RoleCatalog.UserAdministrator)));
        Assert.False(catalog.IsBuiltIn(Guid.Parse("00000000-1111-2222-3333-444444444444")));
    }
}
