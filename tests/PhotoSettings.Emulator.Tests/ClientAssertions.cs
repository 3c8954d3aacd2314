using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PhotoSettings.Emulator.Tests;

/// <summary>Certificates and client assertions built as MSAL builds them, for the certificate-credential tests.</summary>
public static class ClientAssertions
{
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>A self-signed RSA certificate with its private key, valid a day before and a year after <paramref name="from"/>.</summary>
    public static X509Certificate2 Certificate(DateTimeOffset from, string name = "CN=photo-tool")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(from.AddDays(-1), from.AddYears(1));
    }

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    /// <summary>
    /// An assertion: iss = sub = <paramref name="clientId"/>, the audience given, a fresh jti, nbf now, exp ten minutes on.
    /// RS256 names the certificate by x5t, PS256 by x5t#S256 (as MSAL does); <paramref name="signer"/> signs instead of the certificate's key.
    /// </summary>
    public static string Create(
        X509Certificate2 certificate, string clientId, string audience, DateTimeOffset now,
        string algorithm = SecurityAlgorithms.RsaSha256, RSA? signer = null, TimeSpan? lifetime = null, string? jti = null, bool withJti = true,
        string? issuer = null)
    {
        // RS256 as MSAL's older assertions: the handler writes kid (the hex thumbprint) and x5t for a certificate key.
        // PS256 as its newer ones: x5t#S256 and no kid.
        var pss = algorithm == SecurityAlgorithms.RsaSsaPssSha256;
        var header = new Dictionary<string, object>();
        if (pss)
        {
            header["x5t#S256"] = Base64UrlEncoder.Encode(SHA256.HashData(certificate.RawData));
        }

        var claims = new Dictionary<string, object> { ["sub"] = clientId };
        if (withJti)
        {
            claims["jti"] = jti ?? Guid.NewGuid().ToString();
        }

        SecurityKey key = signer is not null ? new RsaSecurityKey(signer) { KeyId = certificate.Thumbprint }
            : pss ? new RsaSecurityKey(certificate.GetRSAPrivateKey()!)
            : new X509SecurityKey(certificate);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? clientId,
            Audience = audience,
            NotBefore = now.UtcDateTime,
            IssuedAt = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromMinutes(10))).UtcDateTime,
            Claims = claims,
            AdditionalHeaderClaims = header,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>A client-credentials form authenticated by <paramref name="assertion"/>.</summary>
    public static FormUrlEncodedContent Form(string clientId, string assertion, params (string Key, string Value)[] extra) =>
        new(new (string Key, string Value)[]
        {
            ("client_id", clientId),
            ("client_assertion_type", JwtBearer),
            ("client_assertion", assertion),
            ("scope", "https://graph.microsoft.com/.default"),
            ("grant_type", "client_credentials"),
        }.Concat(extra).Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>A tenant document with one application that signs in with <paramref name="certificate"/> alone.</summary>
    public static string Tenant(Guid tenantId, string appId, X509Certificate2 certificate) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            id = tenantId.ToString(),
            displayName = "Fabrikam",
            applications = new[]
            {
                new { appId, displayName = "Fabrikam Sync", roles = new[] { "PeopleSettings.ReadWrite.All" }, certificates = new[] { new { certificate = Pem(certificate) } } },
            },
        });
}
