using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The tenants every emulator starts with, at fixed, documented ids (like Azurite's well-known
/// account), so scripts and tests can name them without asking. Each has a People Administrator,
/// a User Administrator, a Global Administrator and a user with no role.
/// </summary>
public static class DefaultTenants
{
    /// <summary>Contoso Cloud: cloud-only, so its photos are always managed in the cloud.</summary>
    public static readonly Guid CloudOnlyId = Guid.Parse("c10d0000-0000-4000-8000-000000000001");

    /// <summary>Contoso Hybrid: synced from on-premises, so it may choose <c>onPremises</c>.</summary>
    public static readonly Guid HybridId = Guid.Parse("4b1d0000-0000-4000-8000-000000000002");

    public static Tenant CloudOnly { get; } = Make(CloudOnlyId, "Contoso Cloud", IdentityModel.CloudOnly, "contosocloud");

    public static Tenant Hybrid { get; } = Make(HybridId, "Contoso Hybrid", IdentityModel.Hybrid, "contosohybrid");

    public static IReadOnlyList<Tenant> All { get; } = [CloudOnly, Hybrid];

    /// <summary>The well-known client secret of the built-in tenants' application (like Azurite's account key).</summary>
    public const string AppSecret = "photosettings-emulator-secret";

    /// <summary>The built-in application's client id: ...-0000000000ca (cloud-only) or ...-0000000000ba (hybrid).</summary>
    public static string AppId(Guid tenantId) =>
        $"{tenantId.ToString()[..8]}-0000-4000-8000-0000000000{(tenantId == CloudOnlyId ? 'c' : 'b')}a";

    /// <summary>The well-known user ids: ...-0000000000c1 to c4 (cloud-only), b1 to b4 (hybrid): People, User, Global Administrator, no role.</summary>
    public static Guid UserId(Guid tenantId, int which) =>
        Guid.Parse($"{tenantId.ToString()[..8]}-0000-4000-8000-0000000000{(tenantId == CloudOnlyId ? 'c' : 'b')}{which}");

    private static Tenant Make(Guid id, string name, IdentityModel model, string domain) =>
        new(id, name, model)
        {
            Users =
            [
                new(UserId(id, 1), $"pat@{domain}.onmicrosoft.com", "Pat People-Admin", [RoleCatalog.PeopleAdministrator]),
                new(UserId(id, 2), $"uma@{domain}.onmicrosoft.com", "Uma User-Admin", [RoleCatalog.UserAdministrator]),
                new(UserId(id, 3), $"gina@{domain}.onmicrosoft.com", "Gina Global-Admin", [RoleCatalog.GlobalAdministrator]),
                new(UserId(id, 4), $"nora@{domain}.onmicrosoft.com", "Nora No-Role", []),
            ],
            Applications = [new(AppId(id), "Photo Admin Tool", AppSecret, [.. Graph.GraphPermissions.All])],
        };
}
