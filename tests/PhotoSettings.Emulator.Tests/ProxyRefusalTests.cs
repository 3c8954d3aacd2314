using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// What the proxy listener refuses: hosts it does not stand in for (never connecting anywhere), peers beyond loopback,
/// preambles that are malformed, oversized or slow, a request naming another host than its tunnel's, and Microsoft's
/// host names on the emulator's normal listener (a rebinding page gains nothing from the proxy mode).
/// </summary>
[Trait("Category", "Process")]
public sealed class ProxyRefusalTests(ProxyEmulator proxy) : IClassFixture<ProxyEmulator>
{
    [Theory]
    [InlineData("example.com:443")]
    [InlineData("graph.microsoft.com:80")]
    [InlineData("127.0.0.1:{listener}")]
    [InlineData("localhost:{listener}")]
    public async Task AConnectToAHostItDoesNotServeIsRefusedWith403AndNothingIsConnected(string target)
    {
        // A listener of the test's own, named by the CONNECT: had the proxy forwarded, it would have accepted a connection.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var answer = await RawHttp.SendAsync(proxy.ProxyAddress, $"CONNECT {target.Replace("{listener}", port, StringComparison.Ordinal)} HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(403, answer.Status);
        Assert.Contains("forwards nothing", answer.Body);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task AProxyPortThatTheHttpListenerAlsoUsesStopsTheStartNamingBothSettings()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => EmulatorProcess.StartAsync(("Emulator__Proxy__Port", "{port}")));

        Assert.Matches(@"Emulator:Proxy:Port (\d+) is the port of the listen address http://127\.0\.0\.1:\1 as well; give the proxy a port of its own\.", refused.Message);
        Assert.DoesNotContain("address already in use", refused.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, int> Malformed => new()
    {
        { "HELLO\r\n\r\n", 400 },
        { "CONNECT graph.microsoft.com HTTP/1.1\r\n\r\n", 400 },
        { "CONNECT graph.microsoft.com:443 HTTP/1.1\r\nno colon here\r\n\r\n", 400 },
        { "CONNECT graph.microsoft.com:443 HTTP/1.1\r\nX-Name: caf\u00e9\r\n\r\n", 400 },
        { "GET http://graph.microsoft.com/beta HTTP/1.1\r\nHost: graph.microsoft.com\r\n\r\n", 405 },
        { $"CONNECT graph.microsoft.com:443 HTTP/1.1\r\nX-Filler: {new string('a', 9000)}\r\n\r\n", 431 },
        { $"CONNECT graph.microsoft.com:443 HTTP/1.1\r\nX-Filler: {new string('a', 20000)}", 431 },
        // Never finished: cut when the two seconds the fixture allows run out.
        { "CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: graph", 408 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AMalformedOversizedOrSlowPreambleIsRefusedAndTheConnectionClosed(string preamble, int status)
    {
        var answer = await RawHttp.SendAsync(proxy.ProxyAddress, preamble);

        Assert.Equal(status, answer.Status);
        Assert.Contains("Connection: close", answer.Head);
        if (status == 405)
        {
            Assert.Contains("Allow: CONNECT", answer.Head);
        }
    }

    [Fact]
    public async Task TheListenerIsNotReachableFromANonLoopbackAddressOfThisMachine()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
            .ToList();
        Assert.True(addresses.Count > 0, "this machine has no non-loopback address to try");

        foreach (var address in addresses)
        {
            using var socket = new TcpClient(address.AddressFamily);
            var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(address, proxy.ProxyPort));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        // The same port on loopback answers, so the refusal above is the binding, not a dead listener.
        var loopback = await RawHttp.SendAsync(proxy.ProxyAddress, "CONNECT example.com:443 HTTP/1.1\r\n\r\n");
        Assert.Equal(403, loopback.Status);
    }

    [Fact]
    public async Task InAContainerTheProxyTakesPeersFromBeyondLoopbackAndStillServesOnlyMicrosoftsHosts()
    {
        // A container's network is its boundary: callers arrive from the host's bridge, so the listener binds every interface.
        var port = EmulatorProcess.FreePort();
        await using var emulator = await EmulatorProcess.StartAsync(
            ("DOTNET_RUNNING_IN_CONTAINER", "true"), ("Emulator__Proxy__Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var address = NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

        var foreign = await RawHttp.SendAsync(new Uri($"http://{address}:{port}"), "CONNECT example.com:443 HTTP/1.1\r\n\r\n");
        using var socket = new TcpClient();
        await socket.ConnectAsync(address, port);
        await socket.GetStream().WriteAsync(Encoding.ASCII.GetBytes("CONNECT graph.microsoft.com:443 HTTP/1.1\r\n\r\n"));
        var established = new byte[39];
        await socket.GetStream().ReadExactlyAsync(established);

        Assert.Equal(403, foreign.Status);
        Assert.Equal("HTTP/1.1 200 Connection established\r\n\r\n", Encoding.ASCII.GetString(established));
    }

    [Fact]
    public async Task ARequestInsideATunnelMustNameTheTunnelsHost()
    {
        await using var tls = await proxy.TunnelAsync("graph.microsoft.com");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(RawHttp.Request("GET", "/4b1d0000-0000-4000-8000-000000000002/v2.0/.well-known/openid-configuration", "login.microsoftonline.com")));
        using var reader = new StreamReader(tls);

        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Contains("opened to graph.microsoft.com", answer);
    }

    [Fact]
    public async Task TheLeafNamesTheTunnelsHostAndChainsToTheRootWhichPermitsOnlyTheProxiedHosts()
    {
        await using var tls = await proxy.TunnelAsync("login.microsoftonline.com");
        using var leaf = new X509Certificate2(tls.RemoteCertificate!);

        Assert.True(leaf.MatchesHostname("login.microsoftonline.com"));
        Assert.False(leaf.MatchesHostname("graph.microsoft.com"));
        Assert.Equal(proxy.Root.Subject, leaf.Issuer);
        Assert.Equal(["graph.microsoft.com", "login.microsoftonline.com"], Primitives.ProxyCertificateAuthority.PermittedNames(proxy.Root));
        Assert.True(proxy.Root.Extensions["2.5.29.30"]!.Critical);
        Assert.Equal(File.ReadAllText(proxy.RootPemPath).Trim(), proxy.Root.ExportCertificatePem().Trim());
    }

    [Fact]
    public async Task MicrosoftsHostNamesAreRefusedOnTheNormalListener()
    {
        foreach (var host in (string[])["graph.microsoft.com", "login.microsoftonline.com"])
        {
            var answer = await RawHttp.SendAsync(proxy.Emulator.BaseAddress, RawHttp.Request("GET", "/_emulator/state", host));

            Assert.Equal(403, answer.Status);
            Assert.DoesNotContain("tenants", answer.Body);
        }
    }
}
