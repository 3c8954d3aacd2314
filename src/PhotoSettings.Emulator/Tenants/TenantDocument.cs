using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// A tenant as JSON, the same in the tenants file and the control API:
/// <c>{"id","displayName","identityModel","users":[…],"customRoles":[…]}</c>. Everything is a string
/// here so that the validator, not the parser, says what is wrong and where.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantDocument
{
    public string? Id { get; init; }

    public string? DisplayName { get; init; }

    /// <summary><c>cloudOnly</c> (the default when absent) or <c>hybrid</c>.</summary>
    public string? IdentityModel { get; init; }

    public IReadOnlyList<TenantUserDocument>? Users { get; init; }

    public IReadOnlyList<CustomRoleDocument>? CustomRoles { get; init; }

    public IReadOnlyList<TenantApplicationDocument>? Applications { get; init; }

    public static TenantDocument From(Tenant tenant) => new()
    {
        Id = tenant.Id.ToString(),
        DisplayName = tenant.DisplayName,
        IdentityModel = tenant.IdentityModel == Tenants.IdentityModel.Hybrid ? "hybrid" : "cloudOnly",
        Users = [.. tenant.Users.Select(u => new TenantUserDocument
        {
            Id = u.Id.ToString(),
            UserPrincipalName = u.UserPrincipalName,
            DisplayName = u.DisplayName,
            Roles = u.Roles,
        })],
        CustomRoles = [.. tenant.CustomRoles.Select(r => new CustomRoleDocument { Id = r.Id.ToString(), DisplayName = r.DisplayName })],
        Applications = [.. tenant.Applications.Select(a => new TenantApplicationDocument
        {
            AppId = a.AppId,
            DisplayName = a.DisplayName,
            ClientSecret = a.ClientSecret,
            Roles = a.Roles,
        })],
    };

    /// <summary>The tenant this (already validated) document describes.</summary>
    public Tenant ToTenant() => new(
        Guid.Parse(Id!),
        DisplayName!.Trim(),
        string.Equals(IdentityModel, "hybrid", StringComparison.OrdinalIgnoreCase) ? Tenants.IdentityModel.Hybrid : Tenants.IdentityModel.CloudOnly)
    {
        Users = [.. (Users ?? []).Select(u => new TenantUser(
            Guid.Parse(u.Id!),
            u.UserPrincipalName!.Trim(),
            u.DisplayName!.Trim(),
            [.. (u.Roles ?? []).Select(r => Guid.Parse(r).ToString()).Distinct()]))],
        CustomRoles = [.. (CustomRoles ?? []).Select(r => new CustomRole(Guid.Parse(r.Id!), r.DisplayName!.Trim()))],
        Applications = [.. (Applications ?? []).Select(a => new TenantApplication(
            Guid.Parse(a.AppId!).ToString(), a.DisplayName!.Trim(), a.ClientSecret!, [.. (a.Roles ?? []).Distinct(StringComparer.OrdinalIgnoreCase)]))],
    };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantApplicationDocument
{
    public string? AppId { get; init; }

    public string? DisplayName { get; init; }

    public string? ClientSecret { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantUserDocument
{
    public string? Id { get; init; }

    public string? UserPrincipalName { get; init; }

    public string? DisplayName { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CustomRoleDocument
{
    public string? Id { get; init; }

    public string? DisplayName { get; init; }
}

/// <summary>The tenants file: <c>{"tenants":[ tenant, … ]}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantsFileDocument
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public IReadOnlyList<TenantDocument>? Tenants { get; init; }
}
