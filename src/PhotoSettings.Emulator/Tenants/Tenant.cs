using System.Collections.Immutable;
using System.Text.Json.Serialization;

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

    /// <summary>Registered applications that may get tokens from the emulator's Entra-shaped token endpoint.</summary>
    public ImmutableArray<TenantApplication> Applications { get; init; } = [];

    public bool HasCustomRole(Guid roleId) => CustomRoles.Any(r => r.Id == roleId);

    /// <summary>A user by object id or (case-insensitively) by userPrincipalName, as Graph's <c>/users/{id | upn}</c>.</summary>
    public TenantUser? FindUser(string idOrPrincipalName) =>
        Guid.TryParse(idOrPrincipalName, out var id)
            ? Users.FirstOrDefault(u => u.Id == id)
            : Users.FirstOrDefault(u => u.UserPrincipalName.Equals(idOrPrincipalName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A user and the Entra role template ids (or custom role ids) assigned to them.</summary>
public sealed record TenantUser(Guid Id, string UserPrincipalName, string DisplayName, ImmutableArray<string> Roles);

/// <summary>
/// An app registration: its client id, its credentials (a secret, "" when it has none, and certificates), and the
/// application permissions granted to it. A managed identity is an application flagged so: it gets tokens from the
/// managed-identity endpoint rather than with a credential of its own.
/// </summary>
public sealed record TenantApplication(string AppId, string DisplayName, string ClientSecret, ImmutableArray<string> Roles)
{
    public ImmutableArray<ApplicationCertificate> Certificates { get; init; } = [];

    public bool ManagedIdentity { get; init; }

    /// <summary>A user-assigned identity's Azure resource id (what <c>mi_res_id</c> names), if any.</summary>
    public string? ResourceId { get; init; }
}

/// <summary>A role definition of the tenant's own, which <c>allowedRoles</c> may name beside the built-in ones.</summary>
public sealed record CustomRole(Guid Id, string DisplayName);

/// <summary>
/// Everything the emulator holds for one tenant, as one immutable value. A write builds a new
/// value and the store swaps it in whole, so a reader never sees half of a change.
/// </summary>
public sealed record TenantState(Tenant Tenant)
{
    /// <summary>The name photoUpdateSettings is declared under (its key in <see cref="Settings"/>).</summary>
    public const string PhotoUpdateSettingsName = "photoUpdateSettings";

    /// <summary>
    /// Every setting's accepted changes, by the setting's name: for each, the newest in effect at the last write and
    /// those still pending then. A setting nobody changed has no entry (its history is empty).
    /// </summary>
    public ImmutableDictionary<string, ISettingHistory> Settings { get; init; } = ImmutableDictionary<string, ISettingHistory>.Empty;

    /// <summary>photoUpdateSettings's history, which the photo rules and the control API's photo routes read.</summary>
    public SettingHistory<PhotoUpdateSettings> History
    {
        get => HistoryOf<PhotoUpdateSettings>(PhotoUpdateSettingsName);
        init => Settings = Settings.SetItem(PhotoUpdateSettingsName, value);
    }

    /// <summary>How many changes the tenant has accepted, of every setting (the sequence number of the next delay draw).</summary>
    public long ChangeCount { get; init; }

    /// <summary>This tenant's own clock offset, on top of the emulator-wide one. Never negative.</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>User photos by user id.</summary>
    public ImmutableDictionary<Guid, UserPhoto> Photos { get; init; } = ImmutableDictionary<Guid, UserPhoto>.Empty;

    public static TenantState New(Tenant tenant) => new(tenant);

    /// <summary>The settings resource's <c>id</c>: stable for the tenant, so it is the tenant id.</summary>
    public string SettingsId => Tenant.Id.ToString();

    /// <summary>What the admin configured last: what Graph's GET answers at once.</summary>
    public PhotoUpdateSettings Configured => History.Configured;

    /// <summary>The newest version in effect at <paramref name="at"/>, if any.</summary>
    public SettingVersion<PhotoUpdateSettings>? EffectiveVersion(DateTimeOffset at) => History.EffectiveVersion(at);

    /// <summary>The settings Microsoft 365 applies at <paramref name="at"/>: the default before any change matured.</summary>
    public PhotoUpdateSettings EffectiveAt(DateTimeOffset at) => History.EffectiveAt(at);

    /// <summary>The history of the setting named <paramref name="name"/>; empty when it was never changed.</summary>
    public SettingHistory<TSettings> HistoryOf<TSettings>(string name)
        where TSettings : class, ISettingValue<TSettings> =>
        Settings.TryGetValue(name, out var history) ? (SettingHistory<TSettings>)history : SettingHistory<TSettings>.Empty;

    /// <summary>photoUpdateSettings's change (see the generic overload).</summary>
    public TenantState WithChange(PhotoUpdateSettings settings, DateTimeOffset now, TimeSpan delay, int maxPending = int.MaxValue) =>
        WithChange(PhotoUpdateSettingsName, settings, now, delay, maxPending);

    /// <summary>
    /// Records an accepted change of the setting <paramref name="name"/> requested at <paramref name="now"/> that takes
    /// <paramref name="delay"/> to propagate (see <see cref="SettingHistory{TSettings}.WithChange"/>). Every accepted change
    /// counts, even one that adds no version, so the sequence of random delay draws does not depend on which ones collapsed.
    /// </summary>
    public TenantState WithChange<TSettings>(string name, TSettings settings, DateTimeOffset now, TimeSpan delay, int maxPending = int.MaxValue)
        where TSettings : class, ISettingValue<TSettings> =>
        this with
        {
            // The counter saturates at its ceiling rather than wrap (an export must always import back); past it the
            // history numbers versions after its newest (sequence 0), so sequence numbers still only grow.
            Settings = Settings.SetItem(name, HistoryOf<TSettings>(name).WithChange(
                settings, now, delay, maxPending, ChangeCount < ClockBounds.MaxChangeCount ? ChangeCount + 1 : 0)),
            ChangeCount = Math.Min(ChangeCount + 1, ClockBounds.MaxChangeCount),
        };

    /// <summary>Back to a fresh tenant: every setting, versions, photos and clock offset; the directory stays.</summary>
    public TenantState Reset() => New(Tenant);
}

/// <summary>A stored profile photo.</summary>
public sealed record UserPhoto(byte[] Content, string ContentType, int Width, int Height, string ETag);
