using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Auth;

/// <summary>A token that passed the mode's checks, with the caller it makes, or the reason it did not (Graph's 401 message).</summary>
public sealed record TokenReadResult(JsonWebToken? Token, Guid TenantId, string? Failure)
{
    /// <summary>Who the token says is calling (null when it failed).</summary>
    public GraphCaller? Caller { get; init; }

    /// <summary>False when the request carried no bearer token at all (Graph's challenge then names no error).</summary>
    public bool TokenSent { get; init; } = true;

    public static TokenReadResult Fail(string message) => new(null, Guid.Empty, message);
}

/// <summary>
/// Reads the bearer token of a Graph request with Microsoft.IdentityModel, as the mode says: Loose
/// reads any well-formed token without checking its signature; Strict demands the emulator's
/// signature and Graph's audience. Both demand an unexpired token (5 minutes' skew) with a <c>tid</c>.
/// </summary>
/// <remarks>
/// A client sends the same token on every request for an hour, and reading it (base64, JSON, the
/// handler's checks, the caller's permission sets) cost more than the rest of a GET: a Release build
/// served 4,300-6,800 GET/s with a token against 24,500-27,600 with auth Off. So a token that passed
/// is kept, keyed by the Authorization value that carried it, with the caller it makes; on a later
/// request only its lifetime is checked again, against the injected clock. Only tokens that passed
/// are kept, and the cache is bounded by what they weigh, not how many they are (a thousand
/// 16 KB tokens weigh what a hundred thousand small ones do): past <see cref="CacheBudgetBytes"/> it is
/// emptied and refills.
/// </remarks>
public sealed class AccessTokenReader
{
    public const string EmptyMessage = "Access token is empty.";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly string[] GraphAudiences = [TokenIssuer.GraphAudience, TokenIssuer.GraphAudience + "/", TokenIssuer.GraphAppId];

    /// <summary>The longest Authorization value read at all (16 KiB): Entra's tokens are a few kilobytes, even with many groups.</summary>
    public const int MaxAuthorizationLength = 16 * 1024;

    /// <summary>What the validated tokens kept may weigh together, by <see cref="WeightOf"/>.</summary>
    public const long CacheBudgetBytes = 16L * 1024 * 1024;

    /// <summary>
    /// What one kept token is reckoned to weigh: the key and the parsed token's copies of the encoded text (UTF-16,
    /// about four times the value's length in all), and a fixed kilobyte for the caller's claims and sets and the entry.
    /// </summary>
    public static long WeightOf(string authorization) => (4L * authorization.Length * sizeof(char)) + 1024;

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
    private readonly TokenValidationParameters _parameters;
    private readonly TimeProvider _time;
    private readonly Lock _admit = new();
    private long _cachedBytes;

    public AccessTokenReader(EmulatorSigningKey key, TimeProvider time, IOptions<AuthOptions> options)
    {
        _time = time;
        var strict = options.Value.Mode == AuthMode.Strict;
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

    public async ValueTask<TokenReadResult> ReadAsync(string? authorization)
    {
        if (authorization is not null && _validated.TryGetValue(authorization, out var known))
        {
            if (Lifetime(known.ValidFrom, known.ValidTo) is { } expired)
            {
                Forget(authorization);
                return TokenReadResult.Fail(expired);
            }

            return known.Result;
        }

        var read = await ValidateAsync(authorization);
        if (read.Failure is null && authorization is not null)
        {
            Keep(authorization, new Validated(read, read.Token!.ValidFrom, read.Token.ValidTo));
        }

        return read;
    }

    /// <summary>
    /// Reads a throwaway token through the whole path a request's token takes (JSON Web Token parsing, the claim
    /// checks) with a reader of its own, so nothing is kept: a process start runs it on another core while Kestrel
    /// starts (StartupWarmUp).
    /// </summary>
    public static async Task WarmUpAsync()
    {
        const string Unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
        var payload = Base64UrlEncoder.Encode($$"""{"tid":"{{Guid.Empty}}","oid":"{{Guid.Empty}}","roles":["x"],"aud":"https://graph.microsoft.com","nbf":0,"exp":4102444800}""");
        var reader = new AccessTokenReader(new EmulatorSigningKey(), TimeProvider.System, Options.Create(new AuthOptions { Mode = AuthMode.Loose }));
        _ = await reader.ValidateAsync($"Bearer {Unsigned}.{payload}.");
    }

    /// <summary>How much the kept tokens weigh now (by <see cref="WeightOf"/>); never more than <see cref="CacheBudgetBytes"/>.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>How many tokens are kept now.</summary>
    public int CachedCount => _validated.Count;

    private void Keep(string authorization, Validated validated)
    {
        var weight = WeightOf(authorization);
        // Admissions are serialised so the weight and the entries agree; reads of the cache never take this lock.
        lock (_admit)
        {
            if (_cachedBytes + weight > CacheBudgetBytes)
            {
                _validated.Clear();
                Interlocked.Exchange(ref _cachedBytes, 0);
            }

            if (_validated.TryAdd(authorization, validated))
            {
                Interlocked.Add(ref _cachedBytes, weight);
            }
        }
    }

    private void Forget(string authorization)
    {
        lock (_admit)
        {
            if (_validated.TryRemove(authorization, out _))
            {
                Interlocked.Add(ref _cachedBytes, -WeightOf(authorization));
            }
        }
    }

    private async Task<TokenReadResult> ValidateAsync(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return TokenReadResult.Fail(EmptyMessage) with { TokenSent = false };
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

        if (token.ValidTo == DateTime.MinValue)
        {
            return TokenReadResult.Fail("Access token validation failure. The token has no expiry ('exp' claim).");
        }

        if (Lifetime(token.ValidFrom, token.ValidTo) is { } expired)
        {
            return TokenReadResult.Fail(expired);
        }

        return token.TryGetPayloadValue<string>("tid", out var tid) && Guid.TryParse(tid, out var tenantId)
            ? new TokenReadResult(token, tenantId, null) { Caller = GraphCaller.FromToken(token, tenantId) }
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

    /// <summary>Why the token is not valid now, on the injected clock; null when it is.</summary>
    private string? Lifetime(DateTime validFrom, DateTime validTo)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        // The skew moves 'now', never the token's times: an 'exp' past year 9999 reads as DateTime.MaxValue,
        // and adding five minutes to that cannot be represented.
        return now - ClockSkew > validTo || (validFrom != DateTime.MinValue && now + ClockSkew < validFrom)
            ? "Access token has expired or is not yet valid."
            : null;
    }

    private sealed record Validated(TokenReadResult Result, DateTime ValidFrom, DateTime ValidTo);
}
