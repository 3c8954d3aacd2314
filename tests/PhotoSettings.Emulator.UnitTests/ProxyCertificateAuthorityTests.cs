using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Hosting;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Tests;

/// <summary>The proxy's root: kept per data folder, constrained to the proxied names, issuing leaves for those names only.</summary>
public sealed class ProxyCertificateAuthorityTests : IDisposable
{
    private static readonly string[] Hosts = ["graph.microsoft.com", "login.microsoftonline.com"];
    private readonly string _folder = Directory.CreateTempSubdirectory("photosettings-ca-").FullName;
    private readonly MovableTime _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheRootIsMadeOnceAndKeptSoTrustSurvivesARestart()
    {
        using var first = ProxyCertificateAuthority.LoadOrCreate(_folder, _time, Hosts);
        _time.Now += TimeSpan.FromDays(100);
        using var again = ProxyCertificateAuthority.LoadOrCreate(_folder, _time, Hosts);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Root.Thumbprint, again.Root.Thumbprint);
        Assert.Equal(Path.Combine(_folder, ProxyCertificateAuthority.CertificateFile), again.PemPath);
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(again.PemPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, ProxyCertificateAuthority.KeyFile)));
        }
    }

    [Fact]
    public void ARootThatDoesNotCoverANewlyConfiguredHostIsMadeAgain()
    {
        using var first = ProxyCertificateAuthority.LoadOrCreate(_folder, _time, Hosts);
        using var wider = ProxyCertificateAuthority.LoadOrCreate(_folder, _time, [.. Hosts, "graph.microsoft.us"]);

        Assert.True(wider.Created);
        Assert.NotEqual(first.Root.Thumbprint, wider.Root.Thumbprint);
        Assert.Equal([.. Hosts, "graph.microsoft.us"], ProxyCertificateAuthority.PermittedNames(wider.Root));
    }

    [Fact]
    public void ALeafChainsToTheRootForItsHostAndNoOtherNameGetsOne()
    {
        using var authority = ProxyCertificateAuthority.LoadOrCreate(_folder, _time, Hosts);

        var leaf = authority.LeafFor("GRAPH.microsoft.com")!;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority.Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;

        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.HasPrivateKey);
        Assert.True(leaf.MatchesHostname("graph.microsoft.com"));
        Assert.Same(leaf, authority.LeafFor("graph.microsoft.com"));
        Assert.Null(authority.LeafFor("example.com"));
        Assert.Null(authority.LeafFor("127.0.0.1"));
        Assert.True(authority.Root.Extensions["2.5.29.19"] is X509BasicConstraintsExtension { CertificateAuthority: true });
    }

    [Fact]
    public void TheRootIsNeverPutInTheUsersTrustStore()
    {
        using var authority = ProxyCertificateAuthority.LoadOrCreate(_folder, _time, Hosts);
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadOnly);

        Assert.Empty(store.Certificates.Find(X509FindType.FindByThumbprint, authority.Root.Thumbprint, validOnly: false));
    }

    [Theory]
    [InlineData("Port", "70000", "is not a TCP port")]
    [InlineData("GraphHosts:0", "https://graph.microsoft.us", "holds DNS names")]
    [InlineData("LoginHosts:0", "10.0.0.1", "holds DNS names")]
    [InlineData("GraphHosts:0", "login.microsoftonline.com", "both a Graph host and a sign-in host")]
    [InlineData("PreambleTimeout", "00:00:00", "must be more than zero")]
    public void AProxyConfigurationThatCannotWorkIsRefusedNamingTheProblem(string key, string value, string problem)
    {
        var options = new ConfigurationBuilder()
            .AddInMemoryCollection([new(key, value)]).Build().Get<ProxyOptions>()!;

        var result = new ProxyOptionsValidator(Options.Create(new HostingOptions())).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(problem, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://127.0.0.1:5079;http://[::]:5080")]
    public void AProxyPortThatAListenAddressAlreadyUsesIsRefusedNamingBoth(string urls)
    {
        var options = new ProxyOptions { Port = 5080 };

        var result = new ProxyOptionsValidator(Options.Create(new HostingOptions()), new ListenUrls(urls.Split(';'))).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Emulator:Proxy:Port 5080 is the port of the listen address {urls.Split(';')[^1]} as well", result.FailureMessage);
    }

    [Fact]
    public void AProxyPortOfItsOwnBesideTheListenAddressesIsAccepted()
    {
        var result = new ProxyOptionsValidator(Options.Create(new HostingOptions()), new ListenUrls(["http://localhost:5080", "https://localhost:5081"]))
            .Validate(null, new ProxyOptions { Port = 8888 });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private sealed class MovableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
