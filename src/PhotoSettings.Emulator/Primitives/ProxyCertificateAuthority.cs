using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PhotoSettings.Emulator.Primitives;

/// <summary>
/// The proxy's root certificate and the leaves it issues for the proxied host names. The root is made once per data
/// folder and kept (PEM certificate, PEM key readable by its owner only), so a client that trusts it keeps trusting it
/// across restarts; the emulator never installs it anywhere. Its Name Constraints extension permits only the proxied
/// names and no IP address, so even a root trusted machine-wide (against the docs' advice) vouches for nothing else.
/// </summary>
public sealed class ProxyCertificateAuthority : IDisposable
{
    public const string CertificateFile = "proxy-root-ca.pem";
    public const string KeyFile = "proxy-root-ca.key.pem";

    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);
    private readonly ConcurrentDictionary<string, Lazy<X509Certificate2>> _leaves = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;

    private ProxyCertificateAuthority(X509Certificate2 root, string pemPath, bool created, IReadOnlyCollection<string> hosts, TimeProvider time)
    {
        Root = root;
        PemPath = pemPath;
        Created = created;
        Hosts = hosts;
        _time = time;
    }

    public X509Certificate2 Root { get; }

    /// <summary>The root alone (no key): what NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE or curl --cacert is given.</summary>
    public string PemPath { get; }

    public bool Created { get; }

    /// <summary>The names the root may vouch for (its permitted subtrees), and so the only leaves it issues.</summary>
    public IReadOnlyCollection<string> Hosts { get; }

    public string Pem => Root.ExportCertificatePem();

    /// <summary>Loads the kept root from <paramref name="folder"/> when it still covers <paramref name="hosts"/>, or makes and keeps a new one.</summary>
    public static ProxyCertificateAuthority LoadOrCreate(string folder, TimeProvider time, IReadOnlyCollection<string> hosts)
    {
        Directory.CreateDirectory(folder);
        var certificatePath = Path.GetFullPath(Path.Combine(folder, CertificateFile));
        var keyPath = Path.Combine(folder, KeyFile);
        var now = time.GetUtcNow();
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var kept = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // A root whose constraints lack a configured host cannot vouch for it: a new host list needs a new root.
            if (kept.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(30) && hosts.All(h => PermittedNames(kept).Contains(h, StringComparer.OrdinalIgnoreCase)))
            {
                return new ProxyCertificateAuthority(kept, certificatePath, created: false, hosts, time);
            }

            kept.Dispose();
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Dated, so two roots made on one machine are told apart in a trust store.
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("PhotoSettings emulator (local proxy, not a public CA)");
        subject.AddCommonName($"PhotoSettings emulator proxy root {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}Z");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(NameConstraints(hosts));
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(certificatePath, created.ExportCertificatePem());
        return new ProxyCertificateAuthority(X509Certificate2.CreateFromPemFile(certificatePath, keyPath), certificatePath, created: true, hosts, time);
    }

    /// <summary>The leaf for <paramref name="host"/>, made once per process; null for a name the root may not vouch for.</summary>
    public X509Certificate2? LeafFor(string host) =>
        Hosts.Contains(host, StringComparer.OrdinalIgnoreCase)
            ? _leaves.GetOrAdd(host, name => new Lazy<X509Certificate2>(() => Issue(name))).Value
            : null;

    private X509Certificate2 Issue(string host)
    {
        var now = _time.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(host);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notAfter = now.Add(LeafLifetime) < Root.NotAfter ? now.Add(LeafLifetime) : new DateTimeOffset(Root.NotAfter.ToUniversalTime());
        using var issued = request.Create(Root, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so the TLS stack can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>
    /// RFC 5280's Name Constraints (critical): dNSName subtrees for the hosts alone, and every IPv4 and IPv6 address
    /// excluded, so the root can vouch for nothing but the proxied names.
    /// </summary>
    private static X509Extension NameConstraints(IEnumerable<string> hosts)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                foreach (var host in hosts)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteCharacterString(UniversalTagNumber.IA5String, host, new Asn1Tag(TagClass.ContextSpecific, 2));
                    }
                }
            }

            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                foreach (var length in (int[])[8, 32])
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteOctetString(new byte[length], new Asn1Tag(TagClass.ContextSpecific, 7));
                    }
                }
            }
        }

        return new X509Extension("2.5.29.30", writer.Encode(), critical: true);
    }

    /// <summary>The dNSName subtrees a root permits, read back from its Name Constraints (none when it has none).</summary>
    public static IReadOnlyList<string> PermittedNames(X509Certificate2 root)
    {
        if (root.Extensions["2.5.29.30"] is not { } extension)
        {
            return [];
        }

        var names = new List<string>();
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            if (reader.HasData && reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                var permitted = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
                while (permitted.HasData)
                {
                    var subtree = permitted.ReadSequence();
                    if (subtree.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
                    {
                        names.Add(subtree.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 2)));
                    }
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return names;
    }

    public void Dispose()
    {
        foreach (var leaf in _leaves.Values.Where(l => l.IsValueCreated))
        {
            leaf.Value.Dispose();
        }

        Root.Dispose();
    }
}
