using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhotoSettings.Testing;

/// <summary>Well-known ids of the emulator's built-in tenants and of the Entra roles tests use most.</summary>
public static class WellKnown
{
    public static readonly Guid CloudOnlyTenantId = Guid.Parse("c10d0000-0000-4000-8000-000000000001");
    public static readonly Guid HybridTenantId = Guid.Parse("4b1d0000-0000-4000-8000-000000000002");

    public const string PeopleAdministrator = "024906de-61e5-49c8-8572-40335f1e0e10";
    public const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string GlobalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

    public const string SettingsPath = "/beta/admin/people/photoUpdateSettings";
}

/// <summary>A tenant to create: the same shape as the emulator's tenants file.</summary>
public sealed record TestTenant(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("identityModel")] string IdentityModel = "cloudOnly")
{
    [JsonPropertyName("users")]
    public List<TestUser> Users { get; init; } = [];

    [JsonPropertyName("customRoles")]
    public List<TestCustomRole> CustomRoles { get; init; } = [];

    [JsonPropertyName("applications")]
    public List<TestApplication> Applications { get; init; } = [];

    public static TestTenant Hybrid(string displayName) => new(Guid.NewGuid(), displayName, "hybrid");

    public static TestTenant CloudOnly(string displayName) => new(Guid.NewGuid(), displayName);
}

public sealed record TestUser(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("userPrincipalName")] string UserPrincipalName,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles);

public sealed record TestCustomRole(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("displayName")] string DisplayName);

/// <summary>
/// An application: it signs in with <see cref="ClientSecret"/>, with one of its <see cref="Certificates"/> (a client
/// assertion), or, flagged <see cref="ManagedIdentity"/>, through the managed-identity endpoint. A secret is needed
/// only when it has neither of the others.
/// </summary>
public sealed record TestApplication(
    [property: JsonPropertyName("appId")] Guid AppId,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("clientSecret")] string? ClientSecret,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles)
{
    /// <summary>Public certificates its client assertions may be signed with (at most 16).</summary>
    [JsonPropertyName("certificates")]
    public IReadOnlyList<TestCertificate>? Certificates { get; init; }

    /// <summary>True: a managed identity, which <c>ManagedIdentityCredential</c> gets tokens for.</summary>
    [JsonPropertyName("managedIdentity")]
    public bool? ManagedIdentity { get; init; }

    /// <summary>A user-assigned identity's Azure resource id (what <c>mi_res_id</c> names); only with <see cref="ManagedIdentity"/>.</summary>
    [JsonPropertyName("resourceId")]
    public string? ResourceId { get; init; }

    /// <summary>An application that signs in with <paramref name="certificate"/> (only its public part is sent).</summary>
    public static TestApplication WithCertificate(Guid appId, string displayName, X509Certificate2 certificate, IReadOnlyList<string> roles) =>
        new(appId, displayName, null, roles) { Certificates = [TestCertificate.From(certificate)] };

    /// <summary>A managed identity; give <paramref name="resourceId"/> to name it as a user-assigned one by <c>mi_res_id</c>.</summary>
    public static TestApplication Identity(Guid appId, string displayName, IReadOnlyList<string> roles, string? resourceId = null) =>
        new(appId, displayName, null, roles) { ManagedIdentity = true, ResourceId = resourceId };
}

/// <summary>A certificate registered on an application: its PEM, and (as the emulator reports it) its SHA-1 thumbprint.</summary>
public sealed record TestCertificate([property: JsonPropertyName("certificate")] string Certificate)
{
    /// <summary>The SHA-1 thumbprint (hex), as the emulator reports it; worked out by the emulator, so ignored when sent.</summary>
    [JsonPropertyName("thumbprint")]
    public string? Thumbprint { get; init; }

    /// <summary>The public part of <paramref name="certificate"/>, as PEM.</summary>
    public static TestCertificate From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new(certificate.ExportCertificatePem()) { Thumbprint = certificate.Thumbprint };
    }
}

/// <summary>
/// The two variables App Service sets for a managed identity, pointing at the emulator: set them in a process's environment
/// and <c>ManagedIdentityCredential</c> or <c>DefaultAzureCredential</c> gets the emulator's tokens.
/// </summary>
public sealed record ManagedIdentityEnvironment(
    [property: JsonPropertyName("IDENTITY_ENDPOINT")] string IdentityEndpoint,
    [property: JsonPropertyName("IDENTITY_HEADER")] string IdentityHeader)
{
    /// <summary>The variables by name, ready for a process's environment.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() =>
        new Dictionary<string, string> { ["IDENTITY_ENDPOINT"] = IdentityEndpoint, ["IDENTITY_HEADER"] = IdentityHeader };
}

/// <summary>What to put in a minted token. Leave <see cref="UserId"/> null for an application token.</summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("tenantId")] Guid TenantId,
    [property: JsonPropertyName("userId")] string? UserId = null,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes = null,
    [property: JsonPropertyName("roles")] IReadOnlyList<string>? Roles = null,
    [property: JsonPropertyName("wids")] IReadOnlyList<string>? Wids = null,
    [property: JsonPropertyName("appId")] string? AppId = null,
    [property: JsonPropertyName("lifetime")] string? Lifetime = null);

/// <summary>
/// photoUpdateSettings as the control API reports them. <see cref="Source"/> is <c>cloud</c>, <c>onPremises</c>, or null
/// when unset (Graph's default: photos may come from the cloud and from on-premises).
/// </summary>
public sealed record PhotoSettingsValue(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("allowedRoles")] IReadOnlyList<string> AllowedRoles);

public sealed record PendingSettings(
    [property: JsonPropertyName("settings")] PhotoSettingsValue Settings,
    [property: JsonPropertyName("requestedAt")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("effectiveAt")] DateTimeOffset EffectiveAt);

/// <summary>What the admin configured, what is in effect at the tenant's now, and (a page of) what is still propagating.</summary>
public sealed record SettingsState(
    [property: JsonPropertyName("configured")] PhotoSettingsValue Configured,
    [property: JsonPropertyName("effective")] PhotoSettingsValue Effective,
    [property: JsonPropertyName("effectiveSince")] DateTimeOffset? EffectiveSince,
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("pending")] IReadOnlyList<PendingSettings> Pending)
{
    /// <summary>How many changes are pending in all; <see cref="Pending"/> is one page of them.</summary>
    [JsonPropertyName("pendingTotal")]
    public int PendingTotal { get; init; }

    /// <summary>How many pending changes the emulator's cap superseded: they never took effect.</summary>
    [JsonPropertyName("superseded")]
    public long Superseded { get; init; }

    /// <summary>The next page's path, or null on the last page.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; init; }
}

/// <summary>One pending change of any setting: its value as the setting's Graph resource writes it.</summary>
public sealed record SettingChange(
    [property: JsonPropertyName("settings")] JsonElement Settings,
    [property: JsonPropertyName("requestedAt")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("effectiveAt")] DateTimeOffset EffectiveAt);

/// <summary>
/// Any setting's configured value, the value in effect at the tenant's now, and (a page of) what is still propagating,
/// each as the setting's Graph resource writes it (<c>{"isEnabledInOrganization":true}</c> for pronouns).
/// </summary>
public sealed record SettingTimeline(
    [property: JsonPropertyName("setting")] string Setting,
    [property: JsonPropertyName("configured")] JsonElement Configured,
    [property: JsonPropertyName("effective")] JsonElement Effective,
    [property: JsonPropertyName("effectiveSince")] DateTimeOffset? EffectiveSince,
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("pending")] IReadOnlyList<SettingChange> Pending)
{
    /// <summary>How many changes are pending in all; <see cref="Pending"/> is one page of them.</summary>
    [JsonPropertyName("pendingTotal")]
    public int PendingTotal { get; init; }

    /// <summary>How many pending changes the emulator's cap superseded: they never took effect.</summary>
    [JsonPropertyName("superseded")]
    public long Superseded { get; init; }

    /// <summary>The next page's path, or null on the last page.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; init; }
}

public sealed record ClockReading(
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("offset")] string Offset);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TestTenant))]
[JsonSerializable(typeof(TestCertificate))]
[JsonSerializable(typeof(TestCertificate[]))]
[JsonSerializable(typeof(ManagedIdentityEnvironment))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(SettingsState))]
[JsonSerializable(typeof(SettingTimeline))]
[JsonSerializable(typeof(ClockReading))]
[JsonSerializable(typeof(AdvanceBody))]
internal sealed partial class TestingJsonContext : JsonSerializerContext;

internal sealed record AdvanceBody([property: JsonPropertyName("by")] string By);
