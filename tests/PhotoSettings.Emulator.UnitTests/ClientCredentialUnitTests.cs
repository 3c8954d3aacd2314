using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The certificate reader and the replay memory behind certificate credentials, without a host.</summary>
public sealed class ClientCredentialUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static X509Certificate2 SelfSigned(int bits)
    {
        using var rsa = RSA.Create(bits);
        return new CertificateRequest("CN=unit", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
    }

    [Fact]
    public void APemCertificateAndItsBase64DerReadAsTheSameCertificateWithEntrasThumbprints()
    {
        using var certificate = SelfSigned(2048);

        var fromPem = ApplicationCertificate.Parse(certificate.ExportCertificatePem(), out var pemProblem);
        var fromDer = ApplicationCertificate.Parse(Convert.ToBase64String(certificate.RawData), out var derProblem);

        Assert.Null(pemProblem);
        Assert.Null(derProblem);
        Assert.Equal(certificate.Thumbprint, fromPem!.Thumbprint);
        Assert.Equal(fromPem.Thumbprint, fromDer!.Thumbprint);
        Assert.Equal(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(certificate.GetCertHash()), fromPem.X5t);
        Assert.Equal(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(SHA256.HashData(certificate.RawData)), fromPem.X5tS256);
        Assert.True(fromPem.IsNamedBy(null, null, certificate.Thumbprint.ToLowerInvariant()));
        Assert.False(fromPem.IsNamedBy("other", null, null));
    }

    [Theory]
    [InlineData("private key", "holds a private key")]
    [InlineData("1024-bit key", "a 1024-bit RSA key")]
    [InlineData("ECDSA key", "no RSA key")]
    [InlineData("too large", "at most")]
    [InlineData("garbage", "neither a PEM certificate nor base64 DER")]
    [InlineData("blank", "is required")]
    public void WhatIsNoUsablePublicRsaCertificateIsRefusedSayingWhy(string fault, string expected)
    {
        using var rsa = RSA.Create(2048);
        using var ecdsa = ECDsa.Create();
        var text = fault switch
        {
            "private key" => rsa.ExportPkcs8PrivateKeyPem(),
            "1024-bit key" => SelfSigned(1024).ExportCertificatePem(),
            "ECDSA key" => new CertificateRequest("CN=ec", ecdsa, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1)).ExportCertificatePem(),
            "too large" => Convert.ToBase64String(new byte[ApplicationCertificate.MaxDerBytes + 1]),
            "garbage" => "not base64!",
            _ => "  ",
        };

        Assert.Null(ApplicationCertificate.Parse(text, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void AnAssertionIsRefusedWhileRememberedAndTakenAgainOnceItHasExpired()
    {
        var time = new SettableTime(Now);
        var cache = new AssertionReplayCache(time);

        Assert.True(cache.TryUse("t/a/1", Now.AddMinutes(10)));
        Assert.False(cache.TryUse("t/a/1", Now.AddMinutes(10)));
        time.Now = Now.AddMinutes(11);

        Assert.True(cache.TryUse("t/a/1", Now.AddMinutes(30)));
    }

    [Fact]
    public void TheMemoryOfUsedAssertionsStaysWithinItsCapacityForgettingTheSoonestToExpire()
    {
        var cache = new AssertionReplayCache(new SettableTime(Now));
        for (var i = 0; i < AssertionReplayCache.Capacity; i++)
        {
            Assert.True(cache.TryUse($"jti-{i}", Now.AddHours(1).AddSeconds(i)));
        }

        Assert.True(cache.TryUse("one-more", Now.AddDays(1)));

        Assert.Equal(AssertionReplayCache.Capacity, cache.Count);
        Assert.True(cache.TryUse("jti-0", Now.AddHours(1)));
        Assert.False(cache.TryUse($"jti-{AssertionReplayCache.Capacity - 1}", Now.AddHours(2)));
    }

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
