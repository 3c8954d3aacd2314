using System.Collections.Immutable;
using System.Text.Json.Serialization;
using PhotoSettings.Emulator.Settings;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>How a tenant's identities are managed; only hybrid tenants can take photos from on-premises.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IdentityModel>))]
public enum IdentityModel
{
    [JsonStringEnumMemberName("cloudOnly")]
    CloudOnly,

    [JsonStringEnumMemberName("hybrid")]
    Hybrid,
}

/// <summary>A tenant's directory: who it is, how its identities are managed, its users and its own roles.</summary>
public sealed record Tenant(Guid Id, string DisplayName, IdentityModel IdentityModel)
{
    public ImmutableArray<TenantUser> Users { get; init; } = [];

    public ImmutableArray<CustomRole> CustomRoles { get; init; } = [];

    public bool HasCustomRole(Guid roleId) => CustomRoles.Any(r => r.Id == roleId);

    /// <summary>A user by object id or (case-insensitively) by userPrincipalName, as Graph's <c>/users/{id | upn}</c>.</summary>
    public TenantUser? FindUser(string idOrPrincipalName) =>
        Guid.TryParse(idOrPrincipalName, out var id)
            ? Users.FirstOrDefault(u => u.Id == id)
            : Users.FirstOrDefault(u => u.UserPrincipalName.Equals(idOrPrincipalName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A user and the Entra role template ids (or custom role ids) assigned to them.</summary>
public sealed record TenantUser(Guid Id, string UserPrincipalName, string DisplayName, ImmutableArray<string> Roles);

/// <summary>A role definition of the tenant's own, which <c>allowedRoles</c> may name beside the built-in ones.</summary>
public sealed record CustomRole(Guid Id, string DisplayName);

/// <summary>
/// Everything the emulator holds for one tenant, as one immutable value. A write builds a new
/// value and the store swaps it in whole, so a reader never sees half of a change.
/// </summary>
public sealed record TenantState(Tenant Tenant, PhotoUpdateSettings Configured)
{
    public static TenantState New(Tenant tenant) => new(tenant, PhotoUpdateSettings.Default);

    /// <summary>The settings resource's <c>id</c>: stable for the tenant, so it is the tenant id.</summary>
    public string SettingsId => Tenant.Id.ToString();

    /// <summary>Back to a fresh tenant's settings (and, as they arrive, photos and clock), keeping the directory.</summary>
    public TenantState Reset() => New(Tenant);
}
