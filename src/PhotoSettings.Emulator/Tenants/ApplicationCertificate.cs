using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace PhotoSettings.Emulator.Tenants;

/// <summary>
/// A public certificate registered on an application (Entra's keyCredentials): what a client assertion is signed
/// with. Kept as its DER bytes; the names Entra matches an assertion's header by are worked out once here.
/// </summary>
public sealed record ApplicationCertificate
{
    /// <summary>A DER certificate larger than this is refused: real ones are 1 to 2 KB.</summary>
    public const int MaxDerBytes = 16 * 1024;

    public const int MinRsaBits = 2048;

    /// <summary>Verifying costs grow with the modulus; Entra's own keys stop at 4096 bits, this allows twice that.</summary>
    public const int MaxRsaBits = 8192;

    public const int MaxPerApplication = 16;

    private ApplicationCertificate(byte[] der, X509Certificate2 certificate)
    {
        Der = der;
        Thumbprint = Convert.ToHexString(SHA1.HashData(der));
        X5t = Base64UrlEncoder.Encode(SHA1.HashData(der));
        X5tS256 = Base64UrlEncoder.Encode(SHA256.HashData(der));
        Subject = certificate.Subject;
        NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        _key = new(() =>
        {
            using var loaded = X509CertificateLoader.LoadCertificate(der);
            return new RsaSecurityKey(loaded.GetRSAPublicKey()!);
        });
    }

    private readonly Lazy<RsaSecurityKey> _key;

    public byte[] Der { get; }

    /// <summary>The SHA-1 thumbprint in upper-case hex, as the Azure portal shows it.</summary>
    public string Thumbprint { get; }

    /// <summary>The base64url SHA-1 thumbprint: an assertion's <c>x5t</c> header.</summary>
    public string X5t { get; }

    /// <summary>The base64url SHA-256 thumbprint: an assertion's <c>x5t#S256</c> header (MSAL's PS256 assertions).</summary>
    public string X5tS256 { get; }

    public string Subject { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>The certificate as PEM, the way the control API and the state document write it.</summary>
    public string Pem => PemEncoding.WriteString("CERTIFICATE", Der);

    /// <summary>True when an assertion's header names this certificate (x5t, x5t#S256, or a kid holding either thumbprint).</summary>
    public bool IsNamedBy(string? x5t, string? x5tS256, string? kid) =>
        (x5t is not null && x5t == X5t)
        || (x5tS256 is not null && x5tS256 == X5tS256)
        || (kid is not null && (kid == X5t || kid == X5tS256 || kid.Equals(Thumbprint, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The RSA public key assertions are verified with, made once and kept with the certificate: the token handler caches
    /// its signature provider by the key's parameters, so a key disposed after one verification would break the next.
    /// </summary>
    public RsaSecurityKey VerificationKey => _key.Value;

    /// <summary>
    /// Reads a public certificate from PEM (<c>-----BEGIN CERTIFICATE-----</c>) or base64 DER; null and a problem
    /// when it is neither, too large, or not an RSA key of 2048 to 8192 bits. A private key is never taken.
    /// </summary>
    public static ApplicationCertificate? Parse(string? text, out string? problem)
    {
        problem = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problem = "is required: a PEM certificate (-----BEGIN CERTIFICATE-----) or its DER bytes in base64.";
            return null;
        }

        if (text.Length > MaxDerBytes * 2)
        {
            problem = $"is longer than {MaxDerBytes * 2} characters; a certificate is 1 to 2 KB.";
            return null;
        }

        byte[] der;
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                problem = "holds a private key; register the public certificate only (the client keeps its key).";
                return null;
            }

            if (!PemEncoding.TryFind(text, out var fields) || !text[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                problem = "is not a PEM certificate (-----BEGIN CERTIFICATE-----).";
                return null;
            }

            der = Convert.FromBase64String(text[fields.Base64Data].ToString());
        }
        else
        {
            try
            {
                der = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                problem = "is neither a PEM certificate nor base64 DER.";
                return null;
            }
        }

        if (der.Length > MaxDerBytes)
        {
            problem = $"is {der.Length} bytes; at most {MaxDerBytes} are taken.";
            return null;
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is null || rsa.KeySize is < MinRsaBits or > MaxRsaBits)
            {
                problem = $"has {(rsa is null ? "no RSA key" : $"a {rsa.KeySize}-bit RSA key")}; Entra takes RSA keys, and the emulator {MinRsaBits} to {MaxRsaBits} bits.";
                return null;
            }

            return new ApplicationCertificate(der, certificate);
        }
        catch (CryptographicException)
        {
            problem = "is not an X.509 certificate.";
            return null;
        }
    }
}

/// <summary>A certificate as the tenants file, the state document and the control API write it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApplicationCertificateDocument
{
    /// <summary>PEM, or base64 DER.</summary>
    public string? Certificate { get; init; }

    /// <summary>Written for readers (the SHA-1 thumbprint, hex); on input it is worked out from the certificate.</summary>
    public string? Thumbprint { get; init; }

    public static ApplicationCertificateDocument From(ApplicationCertificate certificate) =>
        new() { Certificate = certificate.Pem, Thumbprint = certificate.Thumbprint };
}
