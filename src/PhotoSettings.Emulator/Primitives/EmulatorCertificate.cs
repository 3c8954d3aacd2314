using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// The emulator's self-signed HTTPS certificate for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>,
/// made with the BCL's <see cref="CertificateRequest"/> and kept (PFX and PEM) so restarts reuse it and
/// clients keep trusting it.
/// </summary>
public sealed class EmulatorCertificate
{
    public const string FileStem = "emulator-localhost";

    private EmulatorCertificate(X509Certificate2 certificate, string pemPath, bool created)
    {
        Certificate = certificate;
        PemPath = pemPath;
        Created = created;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate alone (no key), for NODE_EXTRA_CA_CERTS, SSL_CERT_FILE or a .NET handler.</summary>
    public string PemPath { get; }

    public bool Created { get; }

    public string Pem => Certificate.ExportCertificatePem();

    /// <summary>Loads the kept certificate from <paramref name="folder"/>, or makes and keeps a new one.</summary>
    public static EmulatorCertificate LoadOrCreate(string folder, TimeProvider time, IEnumerable<string> extraHosts)
    {
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, FileStem + ".pfx");
        var pem = Path.Combine(folder, FileStem + ".pem");
        var hosts = new[] { "localhost" }.Concat(extraHosts).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var now = time.GetUtcNow();
        if (File.Exists(pfx))
        {
            var kept = X509CertificateLoader.LoadPkcs12FromFile(pfx, password: null, X509KeyStorageFlags.Exportable);
            if (kept.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(7) && hosts.All(h => kept.MatchesHostname(h)))
            {
                File.WriteAllText(pem, kept.ExportCertificatePem());
                return new EmulatorCertificate(kept, Path.GetFullPath(pem), created: false);
            }

            kept.Dispose();
        }

        var certificate = Create(hosts, now);
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12));
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        TryRestrict(pfx);
        return new EmulatorCertificate(certificate, Path.GetFullPath(pem), created: true);
    }

    private static X509Certificate2 Create(IEnumerable<string> hosts, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=PhotoSettings emulator (localhost)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        // Re-load through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null, X509KeyStorageFlags.Exportable);
    }

    private static void TryRestrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
