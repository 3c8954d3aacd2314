using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Auth;

/// <summary>What to put in a minted token. Null lists mean "the defaults" (see <see cref="TokenIssuer"/>).</summary>
public sealed record TokenGrant(
    Tenant Tenant,
    TenantUser? User,
    string? AppId,
    IReadOnlyList<string>? Scopes,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Wids,
    TimeSpan Lifetime);

public sealed record MintedToken(string AccessToken, DateTimeOffset ExpiresOn);

/// <summary>
/// Mints Entra-shaped v1 access tokens for Graph, signed with the emulator's key. With a user the
/// token is delegated (<c>scp</c>, and <c>wids</c> defaulting to the user's roles); without, it is an
/// application token (<c>roles</c>). Absent scopes or roles default to every permission the emulator knows.
/// </summary>
public sealed class TokenIssuer(EmulatorSigningKey key, TimeProvider time)
{
    public const string GraphAudience = "https://graph.microsoft.com";
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>The client id tokens carry when the request names none: "the emulator's own app".</summary>
    public const string DefaultAppId = "e1a70000-0000-4000-8000-00000000e001";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public MintedToken Mint(TokenGrant grant)
    {
        var now = time.GetUtcNow();
        var expires = now + grant.Lifetime;
        var appId = grant.AppId ?? DefaultAppId;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = grant.Tenant.Id.ToString(),
            ["appid"] = appId,
            ["azp"] = appId,
            ["ver"] = "1.0",
        };
        if (grant.User is { } user)
        {
            claims["oid"] = user.Id.ToString();
            claims["sub"] = user.Id.ToString();
            claims["upn"] = user.UserPrincipalName;
            claims["name"] = user.DisplayName;
            claims["idtyp"] = "user";
            claims["scp"] = string.Join(' ', grant.Scopes ?? GraphPermissions.All);
            claims["wids"] = (grant.Wids ?? [.. user.Roles]).ToArray();
        }
        else
        {
            // An application's service principal: stable per app id within the tenant.
            var principal = ServicePrincipalId(grant.Tenant.Id, appId);
            claims["oid"] = principal;
            claims["sub"] = principal;
            claims["idtyp"] = "app";
            claims["roles"] = (grant.Roles ?? GraphPermissions.All).ToArray();
            if (grant.Wids is { Count: > 0 } wids)
            {
                claims["wids"] = wids.ToArray();
            }
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"https://sts.windows.net/{grant.Tenant.Id}/",
            Audience = GraphAudience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = key.Credentials,
        });
        return new MintedToken(token, expires);
    }

    public static string ServicePrincipalId(Guid tenantId, string appId)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{tenantId}/{appId}"), hash);
        return new Guid(hash[..16]).ToString();
    }
}
