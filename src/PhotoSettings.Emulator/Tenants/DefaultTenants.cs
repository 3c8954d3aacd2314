namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// The tenants every emulator starts with, at fixed, documented ids (like Azurite's well-known
/// account), so scripts and tests can name them without asking.
/// </summary>
public static class DefaultTenants
{
    /// <summary>Contoso Hybrid: synced from on-premises, so it may choose <c>onPremises</c>.</summary>
    public static readonly Guid HybridId = Guid.Parse("4b1d0000-0000-4000-8000-000000000002");

    public static IReadOnlyList<Tenant> All { get; } =
    [
        new(HybridId, "Contoso Hybrid", IdentityModel.Hybrid),
    ];
}
