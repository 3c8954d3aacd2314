using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// Judges a client assertion (<c>private_key_jwt</c>) as Entra's certificate credentials do: an RS256 or PS256 JWT
/// whose header names one of the application's certificates (<c>x5t</c>, <c>x5t#S256</c>, or a <c>kid</c> holding a
/// thumbprint), signed with its key, with <c>iss</c> = <c>sub</c> = the client id, <c>aud</c> = the tenant's token
/// endpoint, <c>exp</c> (and <c>nbf</c> when present) around now, and a <c>jti</c> not used before. Its cost is
/// bounded: at most <see cref="MaxAssertionLength"/> characters are read, and one RSA verification is made.
/// </summary>
public sealed class ClientAssertionValidator(TimeProvider time, AssertionReplayCache replays)
{
    public const string JwtBearerType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>An MSAL assertion is about 1 KB, 3 KB with its certificate chain in <c>x5c</c>.</summary>
    public const int MaxAssertionLength = 16 * 1024;

    public const int MaxJtiLength = 256;

    /// <summary>The same leeway as tokens read on the Graph surface.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>exp and nbf are held to what a DateTimeOffset can hold, so no number in them can throw.</summary>
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The client id an assertion names (its <c>iss</c>), for a request that sends no <c>client_id</c>, as Entra allows.</summary>
    public static string ClientIdOf(string assertion)
    {
        try
        {
            return assertion.Length <= MaxAssertionLength ? new JsonWebToken(assertion).Issuer : "";
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    /// <summary>Null when the assertion authenticates <paramref name="application"/>; otherwise Entra's refusal.</summary>
    public async Task<JsonHttpResult<EntraError>?> ValidateAsync(HttpContext httpContext, Guid tenantId, TenantApplication application, string assertion)
    {
        if (assertion.Length > MaxAssertionLength)
        {
            return EntraErrors.AssertionMalformed(httpContext, $"The client_assertion is {assertion.Length} characters long; the emulator reads at most {MaxAssertionLength}.");
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return EntraErrors.AssertionMalformed(httpContext, "The client_assertion is not a signed JWT (header.payload.signature, base64url).");
        }

        token.TryGetHeaderValue<string>("x5t#S256", out var x5tS256);
        var x5t = token.X5t is { Length: > 0 } sha1 ? sha1 : null;
        var kid = token.Kid is { Length: > 0 } k ? k : null;
        var named = Thumbprint(x5t, x5tS256, kid);
        if (application.Certificates.FirstOrDefault(c => c.IsNamedBy(x5t, x5tS256, kid)) is not { } certificate)
        {
            return EntraErrors.AssertionKeyNotFound(httpContext, application.AppId, named, !application.Certificates.IsEmpty);
        }

        var now = time.GetUtcNow();
        if (now > certificate.NotAfter || now < certificate.NotBefore)
        {
            return EntraErrors.AssertionSignatureInvalid(httpContext, certificate.Thumbprint,
                $"The key used is {(now > certificate.NotAfter ? $"expired (not after {certificate.NotAfter:u})" : $"not yet valid (not before {certificate.NotBefore:u})")}.");
        }

        if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
        {
            return EntraErrors.AssertionSignatureInvalid(httpContext, certificate.Thumbprint,
                $"The assertion is signed with '{Primitives.ClientText.Clip(token.Alg)}'; certificate credentials are signed with RS256 or PS256.");
        }

        var verified = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = certificate.VerificationKey,
            ValidAlgorithms = Algorithms,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        if (!verified.IsValid)
        {
            return EntraErrors.AssertionSignatureInvalid(httpContext, certificate.Thumbprint, "Key was found, but use of the key to verify the signature failed.");
        }

        foreach (var (claim, value) in new[] { ("iss", token.Issuer), ("sub", token.Subject) })
        {
            if (!string.Equals(value, application.AppId, StringComparison.OrdinalIgnoreCase))
            {
                return EntraErrors.AssertionClientMismatch(httpContext, claim, value ?? "", application.AppId);
            }
        }

        var accepted = Audiences(httpContext.Request, tenantId);
        var audiences = token.Audiences.ToList();
        if (!audiences.Any(a => accepted.Contains(a.TrimEnd('/'))))
        {
            return EntraErrors.AssertionAudienceMismatch(httpContext, string.Join(' ', audiences), accepted[0]);
        }

        if (!token.TryGetPayloadValue<long>("exp", out var exp))
        {
            return EntraErrors.AssertionMalformed(httpContext, "The client assertion has no 'exp' claim (its expiry, seconds since 1970).");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(exp, 0, MaxUnixSeconds));
        DateTimeOffset? notBefore = token.TryGetPayloadValue<long>("nbf", out var nbf) ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(nbf, 0, MaxUnixSeconds)) : null;
        if (now > expires + ClockSkew || (notBefore is { } from && now < from - ClockSkew))
        {
            return EntraErrors.AssertionOutsideTimeRange(httpContext, now, notBefore, expires);
        }

        if (token.Id is not { Length: > 0 and <= MaxJtiLength } jti)
        {
            return EntraErrors.AssertionMalformed(httpContext, $"The client assertion's 'jti' claim is missing or longer than {MaxJtiLength} characters: a unique id (a GUID) per assertion.");
        }

        return replays.TryUse($"{tenantId}/{application.AppId}/{jti}", expires + ClockSkew) ? null : EntraErrors.AssertionReplayed(httpContext, jti);
    }

    /// <summary>
    /// The token endpoint as the client may have named it: on the host it called (the emulator's own authority, or
    /// login.microsoftonline.com through the proxy) or on Microsoft's, v2 or v1, or the v2 issuer; no trailing slash.
    /// </summary>
    private static AudienceList Audiences(HttpRequest request, Guid tenantId)
    {
        string[] hosts = [$"{request.Scheme}://{request.Host}", "https://login.microsoftonline.com"];
        return new([.. hosts.SelectMany(h => new[] { $"{h}/{tenantId}/oauth2/v2.0/token", $"{h}/{tenantId}/oauth2/token", $"{h}/{tenantId}/v2.0" })]);
    }

    /// <summary>What the header named, for the refusal: the SHA-1 thumbprint in hex when x5t decodes, else what was sent.</summary>
    private static string Thumbprint(string? x5t, string? x5tS256, string? kid)
    {
        try
        {
            if (x5t is not null)
            {
                return Convert.ToHexString(Base64UrlEncoder.DecodeBytes(x5t));
            }
        }
        catch (FormatException)
        {
            // Not base64url: shown as sent.
        }

        return x5t ?? x5tS256 ?? kid ?? "";
    }

    /// <summary>The accepted audiences, first the one the client's own authority implies (named in the refusal).</summary>
    private sealed class AudienceList(IReadOnlyList<string> audiences)
    {
        private readonly HashSet<string> _set = new(audiences, StringComparer.OrdinalIgnoreCase);

        public string this[int index] => audiences[index];

        public bool Contains(string audience) => _set.Contains(audience);
    }
}
