using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// One real emulator process with its proxy listener on a free loopback port (a two-second CONNECT preamble limit, so
/// the slow-client case is quick), shared by a test class; and what a client configures to use it: the proxy and the trust.
/// </summary>
public sealed class ProxyEmulator : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; private set; } = null!;

    public int ProxyPort { get; } = EmulatorProcess.FreePort();

    public Uri ProxyAddress => new($"http://127.0.0.1:{ProxyPort}");

    /// <summary>The root as the control API serves it.</summary>
    public X509Certificate2 Root { get; private set; } = null!;

    public string RootPemPath => Path.Combine(Emulator.DataDir, "proxy", "proxy-root-ca.pem");

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorProcess.StartAsync(
            ("Emulator__Proxy__Port", ProxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Emulator__Proxy__PreambleTimeout", "00:00:02"));
        Root = X509Certificate2.CreateFromPem(await Emulator.CreateClient().GetStringAsync("/_emulator/proxy/ca.pem"));
    }

    public async Task DisposeAsync()
    {
        Root?.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>What a .NET client configures, and nothing else: the proxy, and a validation that trusts only the emulator's root.</summary>
    public HttpClientHandler TrustingHandler()
    {
        var handler = RealClientTests.TrustingHandler(Root);
        handler.Proxy = new WebProxy(ProxyAddress);
        handler.UseProxy = true;
        return handler;
    }

    /// <summary>The proxy alone: the machine's usual trust, which does not include the emulator's root.</summary>
    public HttpClientHandler UntrustingHandler() => new() { Proxy = new WebProxy(ProxyAddress), UseProxy = true };

    /// <summary>A TLS stream through a tunnel to <paramref name="host"/>, validated against the root alone.</summary>
    public async Task<SslStream> TunnelAsync(string host)
    {
        var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, ProxyPort);
        var stream = socket.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n"));
        var answer = new byte[39];
        await stream.ReadExactlyAsync(answer);
        Assert.Equal("HTTP/1.1 200 Connection established\r\n\r\n", System.Text.Encoding.ASCII.GetString(answer));
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { Root },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        return tls;
    }
}
