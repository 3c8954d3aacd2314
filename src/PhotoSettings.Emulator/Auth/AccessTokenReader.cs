using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Hosting;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Auth;

/// <summary>A token that passed the mode's checks, or the reason it did not (Graph's 401 message).</summary>
public sealed record TokenReadResult(JsonWebToken? Token, Guid TenantId, string? Failure)
{
    public static TokenReadResult Fail(string message) => new(null, Guid.Empty, message);
}

/// <summary>
/// Reads the bearer token of a Graph request with Microsoft.IdentityModel, as the mode says: Loose
/// reads any well-formed token without checking its signature; Strict demands the emulator's
/// signature and Graph's audience. Both demand an unexpired token (5 minutes' skew) with a <c>tid</c>.
/// </summary>
public sealed class AccessTokenReader
{
    public const string EmptyMessage = "Access token is empty.";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly string[] GraphAudiences = [TokenIssuer.GraphAudience, TokenIssuer.GraphAudience + "/", TokenIssuer.GraphAppId];

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly TimeProvider _time;

    public AccessTokenReader(EmulatorSigningKey key, TimeProvider time, IOptions<EmulatorOptions> options)
    {
        _time = time;
        var strict = options.Value.Auth.Mode == AuthMode.Strict;
        _parameters = new TokenValidationParameters
        {
            ValidateIssuer = false,
            // Lifetime is checked below against the injected clock, with our own messages.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateAudience = strict,
            ValidAudiences = GraphAudiences,
            RequireSignedTokens = strict,
            ValidateIssuerSigningKey = strict,
            IssuerSigningKey = strict ? key.Key : null,
            SignatureValidator = strict ? null : (token, _) => new JsonWebToken(token),
        };
    }

    public async Task<TokenReadResult> ReadAsync(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return TokenReadResult.Fail(EmptyMessage);
        }

        var result = await _handler.ValidateTokenAsync(header.Parameter, _parameters);
        if (!result.IsValid)
        {
            return TokenReadResult.Fail(result.Exception switch
            {
                SecurityTokenInvalidAudienceException => "Access token validation failure. Invalid audience.",
                SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
                    "Access token validation failure. Invalid signature: this token was not signed by the emulator.",
                SecurityTokenMalformedException or ArgumentException => "Access token is malformed: it is not a well-formed JWT.",
                _ => "Access token validation failure: " + result.Exception?.GetType().Name + ".",
            });
        }

        var token = (JsonWebToken)result.SecurityToken;
        if (HoldsLoneSurrogate(token))
        {
            return TokenReadResult.Fail("Access token is malformed: a claim holds a lone UTF-16 surrogate; text must be well-formed Unicode.");
        }

        if (MistypedClaim(token) is { } claim)
        {
            return TokenReadResult.Fail($"Access token is malformed: the '{claim}' claim {ClaimShapes[claim]}.");
        }

        var now = _time.GetUtcNow().UtcDateTime;
        if (token.ValidTo == DateTime.MinValue)
        {
            return TokenReadResult.Fail("Access token validation failure. The token has no expiry ('exp' claim).");
        }

        // The skew moves 'now', never the token's times: an 'exp' past year 9999 reads as DateTime.MaxValue,
        // and adding five minutes to that cannot be represented.
        if (now - ClockSkew > token.ValidTo || (token.ValidFrom != DateTime.MinValue && now + ClockSkew < token.ValidFrom))
        {
            return TokenReadResult.Fail("Access token has expired or is not yet valid.");
        }

        return token.TryGetPayloadValue<string>("tid", out var tid) && Guid.TryParse(tid, out var tenantId)
            ? new TokenReadResult(token, tenantId, null)
            : TokenReadResult.Fail("Access token validation failure. The token has no 'tid' claim naming a tenant.");
    }

    /// <summary>The claims the emulator reads, and the JSON kinds each may have: anything else is a malformed token, not a 500.</summary>
    private static readonly Dictionary<string, string> ClaimShapes = new()
    {
        ["tid"] = "must be a string",
        ["oid"] = "must be a string",
        ["scp"] = "must be a string",
        ["roles"] = "must be a string or an array of strings",
        ["wids"] = "must be a string or an array of strings",
        ["exp"] = "must be a number",
        ["nbf"] = "must be a number",
    };

    private static string? MistypedClaim(JsonWebToken token)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        foreach (var (claim, _) in ClaimShapes)
        {
            if (!payload.RootElement.TryGetProperty(claim, out var value))
            {
                continue;
            }

            var fits = claim switch
            {
                "roles" or "wids" => value.ValueKind == JsonValueKind.String
                    || (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)),
                "exp" or "nbf" => value.ValueKind == JsonValueKind.Number,
                _ => value.ValueKind == JsonValueKind.String,
            };
            if (!fits)
            {
                return claim;
            }
        }

        return null;
    }

    private static bool HoldsLoneSurrogate(JsonWebToken token)
    {
        foreach (var part in (ReadOnlySpan<string>)[token.EncodedHeader, token.EncodedPayload])
        {
            if (UntrustedText.JsonHoldsLoneSurrogate(Base64UrlEncoder.DecodeBytes(part)))
            {
                return true;
            }
        }

        return false;
    }
}
