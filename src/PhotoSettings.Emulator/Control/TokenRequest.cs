using System.Text.Json.Serialization;
using FluentValidation;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Control;

/// <summary><c>POST /_emulator/tokens</c>: <c>{"tenantId","userId"?,"appId"?,"scopes"?,"roles"?,"wids"?,"lifetime"?}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TokenRequest
{
    public string? TenantId { get; init; }

    /// <summary>A user's object id or userPrincipalName; makes the token delegated.</summary>
    public string? UserId { get; init; }

    public string? AppId { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    public IReadOnlyList<string>? Wids { get; init; }

    /// <summary>An ISO 8601 duration; one hour when absent.</summary>
    public string? Lifetime { get; init; }

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    public TimeSpan LifetimeOrDefault => Lifetime is not null && DurationText.TryParse(Lifetime, out var span) ? span : DefaultLifetime;
}

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresOn);

public sealed class TokenRequestValidator : AbstractValidator<TokenRequest>
{
    public TokenRequestValidator()
    {
        RuleFor(r => r.TenantId).Must(id => Guid.TryParse(id, out _))
            .OverridePropertyName("tenantId").WithMessage("'tenantId' must be a tenant id (a GUID).");
        RuleFor(r => r.UserId).Must(u => !string.IsNullOrWhiteSpace(u)).When(r => r.UserId is not null)
            .OverridePropertyName("userId").WithMessage("'userId' may not be blank.");
        RuleFor(r => r.AppId).Must(a => !string.IsNullOrWhiteSpace(a) && a.Length <= 256).When(r => r.AppId is not null)
            .OverridePropertyName("appId").WithMessage("'appId' may not be blank or longer than 256 characters.");
        RuleForEach(r => r.Scopes).Must(BeAPermissionName).OverridePropertyName("scopes")
            .WithMessage("Each of 'scopes' must be a permission name without spaces, such as PeopleSettings.ReadWrite.All.");
        RuleForEach(r => r.Roles).Must(BeAPermissionName).OverridePropertyName("roles")
            .WithMessage("Each of 'roles' must be a permission name without spaces, such as PeopleSettings.ReadWrite.All.");
        RuleForEach(r => r.Wids).Must(w => Guid.TryParse(w, out _)).OverridePropertyName("wids")
            .WithMessage("Each of 'wids' must be a role template id (a GUID).");
        RuleFor(r => r.Lifetime).Must(BeAPositiveDuration).When(r => r.Lifetime is not null)
            .OverridePropertyName("lifetime")
            .WithMessage(r => $"'lifetime' '{ClientText.Clip(r.Lifetime)}' must be a positive ISO 8601 duration of at most a year, such as PT1H.");
    }

    private static bool BeAPermissionName(string? name) => !string.IsNullOrWhiteSpace(name) && !name.Contains(' ') && name.Length <= 256;

    private static bool BeAPositiveDuration(string? text)
    {
        return DurationText.TryParseBetweenZeroAnd(text, TokenRequest.MaxLifetime, out var span) && span > TimeSpan.Zero;
    }
}
