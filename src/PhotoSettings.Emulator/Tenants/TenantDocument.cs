using System.Collections.Immutable;
using System.Text.Json.Serialization;
using PhotoSettings.Emulator.Primitives;

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

    /// <summary>State only (snapshots, <c>PUT /_emulator/state</c>, tenants files made from them): the settings history.</summary>
    public SettingsHistoryDocument? PhotoUpdateSettings { get; init; }

    /// <summary>State only: every other setting's history, by the setting's name (<see cref="SettingParts"/>).</summary>
    public IReadOnlyDictionary<string, SettingPartDocument?>? Settings { get; init; }

    /// <summary>State only: the users' photos.</summary>
    public IReadOnlyList<PhotoDocument>? Photos { get; init; }

    public bool HasState => PhotoUpdateSettings is not null || Settings is not null || Photos is not null;

    /// <summary>The tenant with its whole state: every setting's history, clock offset and photos.</summary>
    public static TenantDocument FromState(TenantState state, SettingKinds kinds) => From(state.Tenant) with
    {
        Settings = SettingParts.From(state, kinds) is { } parts ? parts.ToDictionary(p => p.Key, p => (SettingPartDocument?)p.Value) : null,
        PhotoUpdateSettings = new SettingsHistoryDocument
        {
            ChangeCount = state.ChangeCount,
            ClockOffset = DurationText.Format(state.ClockOffset),
            Superseded = state.History.Superseded == 0 ? null : state.History.Superseded,
            Versions = [.. state.History.Versions.Select(v => new SettingsVersionDocument
            {
                Settings = SettingsValueDocument.From(v.Settings),
                RequestedAt = v.RequestedAt,
                EffectiveAt = v.EffectiveAt,
            })],
        },
        Photos = [.. state.Photos.OrderBy(p => p.Key).Select(p => new PhotoDocument
        {
            UserId = p.Key.ToString(),
            ContentType = p.Value.ContentType,
            Width = p.Value.Width,
            Height = p.Value.Height,
            Content = Convert.ToBase64String(p.Value.Content),
        })],
    };

    /// <summary>The tenant state this (already validated) document describes; a document without state is a fresh tenant.</summary>
    public TenantState ToState()
    {
        var state = TenantState.New(ToTenant());
        if (PhotoUpdateSettings is { } history)
        {
            var stored = history.Versions ?? [];
            // Both counters are bounded by the validator; their sum is held to the same ceiling, so an export imports back.
            var changeCount = Math.Min(Math.Max(history.ChangeCount ?? 0, stored.Count + (history.Superseded ?? 0)), ClockBounds.MaxChangeCount);
            // A snapshot does not carry sequence numbers: the stored versions were the newest changes, in order.
            var versions = SettingHistory<PhotoUpdateSettings>.From(
                stored.Select((v, i) => new SettingVersion<PhotoUpdateSettings>(v.Settings!.ToSettings(), v.RequestedAt!.Value, v.EffectiveAt!.Value)
                {
                    Sequence = changeCount - stored.Count + 1 + i,
                }),
                history.Superseded ?? 0);
            state = state with
            {
                History = versions,
                ChangeCount = changeCount,
                // The validator read the same text with the same parser (and the same bounds) before this runs.
                ClockOffset = history.ClockOffset is { } offset && DurationText.TryParse(offset, out var span) ? span : TimeSpan.Zero,
            };
        }

        var photos = ImmutableDictionary.CreateBuilder<Guid, UserPhoto>();
        foreach (var photo in Photos ?? [])
        {
            var (image, _) = ImageContent.Inspect(Convert.FromBase64String(photo.Content!), photo.ContentType ?? "");
            photos[Guid.Parse(photo.UserId!)] = new UserPhoto(image!.Content, image.ContentType, image.Width, image.Height, image.ETag);
        }

        return state with { Photos = photos.ToImmutable() };
    }

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
            ClientSecret = a.ClientSecret.Length == 0 ? null : a.ClientSecret,
            Roles = a.Roles,
            Certificates = a.Certificates.IsEmpty ? null : [.. a.Certificates.Select(ApplicationCertificateDocument.From)],
            ManagedIdentity = a.ManagedIdentity ? true : null,
            ResourceId = a.ResourceId,
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
            Guid.Parse(a.AppId!).ToString(), a.DisplayName!.Trim(), a.ClientSecret ?? "", [.. (a.Roles ?? []).Distinct(StringComparer.OrdinalIgnoreCase)])
        {
            Certificates = [.. (a.Certificates ?? []).Select(c => ApplicationCertificate.Parse(c.Certificate, out _)!).DistinctBy(c => c.Thumbprint)],
            ManagedIdentity = a.ManagedIdentity ?? false,
            ResourceId = string.IsNullOrWhiteSpace(a.ResourceId) ? null : a.ResourceId.Trim(),
        })],
    };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantApplicationDocument
{
    public string? AppId { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Optional when the application has certificates or is a managed identity.</summary>
    public string? ClientSecret { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>Public certificates a client assertion may be signed with.</summary>
    public IReadOnlyList<ApplicationCertificateDocument>? Certificates { get; init; }

    /// <summary>True: a managed identity, served by the managed-identity endpoint.</summary>
    public bool? ManagedIdentity { get; init; }

    /// <summary>A user-assigned identity's Azure resource id, matched against <c>mi_res_id</c>.</summary>
    public string? ResourceId { get; init; }
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

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SettingsHistoryDocument
{
    public long? ChangeCount { get; init; }

    /// <summary>How many pending changes the cap superseded (absent: none).</summary>
    public long? Superseded { get; init; }

    /// <summary>The tenant's own clock offset (ISO 8601 duration).</summary>
    public string? ClockOffset { get; init; }

    public IReadOnlyList<SettingsVersionDocument>? Versions { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SettingsVersionDocument
{
    public SettingsValueDocument? Settings { get; init; }

    public DateTimeOffset? RequestedAt { get; init; }

    public DateTimeOffset? EffectiveAt { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SettingsValueDocument
{
    /// <summary>'cloud', 'onPremises', or null (or absent) for Graph's unset source.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Source { get; init; }

    public IReadOnlyList<string>? AllowedRoles { get; init; }

    public static SettingsValueDocument From(PhotoUpdateSettings settings) => new()
    {
        // Null is the unset source, written as such so a document round-trips it.
        Source = settings.Source switch
        {
            PhotoUpdateSource.OnPremises => "onPremises",
            PhotoUpdateSource.Cloud => "cloud",
            _ => null,
        },
        AllowedRoles = settings.AllowedRoles,
    };

    public PhotoUpdateSettings ToSettings() => new(
        PhotoUpdateSettings.TryParseSource(Source, out var source) ? source : null,
        [.. (AllowedRoles ?? []).Select(r => Guid.Parse(r).ToString()).Distinct()]);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PhotoDocument
{
    public string? UserId { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Written for readers; on input the size is measured from the content.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>The image, base64.</summary>
    public string? Content { get; init; }
}
