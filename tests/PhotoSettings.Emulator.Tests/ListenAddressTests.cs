using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// What <c>ASPNETCORE_HTTP_PORTS</c> (the Aspire executable form's variable, and the image's) binds and which Hosts
/// follow from it: loopback only on a laptop; every interface in a container, where callers send service names and
/// addresses.
/// </summary>
[Trait("Category", "Process")]
public sealed class ListenAddressTests
{
    // Kestrel's own "Now listening on" lines name what it bound ([::] for every interface); the banner names a URL a
    // person can open instead, and ASP.NET's lines are off by default, so these tests turn them on.
    private static readonly (string, string) KestrelsAddressLines = ("Logging__LogLevel__Microsoft.Hosting.Lifetime", "Information");

    [Fact]
    public async Task HttpPortsOutsideAContainerListenOnLoopbackOnlyAndAnswerOnlyLoopbackNames()
    {
        await using var emulator = await EmulatorProcess.StartAsync(("ASPNETCORE_HTTP_PORTS", "{port}"), ("DOTNET_RUNNING_IN_CONTAINER", "false"), KestrelsAddressLines);
        var port = emulator.BaseAddress.Port;

        Assert.Contains($"http://localhost:{port}", emulator.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"http://[::]:{port}", emulator.Output, StringComparison.Ordinal);
        if (NonLoopbackAddress() is { } address)
        {
            using var socket = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(address, port));
        }

        Assert.Equal(403, (await GetAsync(emulator, "photosettings")).Status);
        Assert.Equal(403, (await GetAsync(emulator, "192.0.2.2")).Status);
        Assert.Equal(200, (await GetAsync(emulator, $"localhost:{port}")).Status);
    }

    [Fact]
    public async Task HttpPortsInAContainerListenEverywhereAndAnswerServiceNamesAndAddresses()
    {
        await using var emulator = await EmulatorProcess.StartAsync(("ASPNETCORE_HTTP_PORTS", "{port}"), ("DOTNET_RUNNING_IN_CONTAINER", "true"), KestrelsAddressLines);
        var port = emulator.BaseAddress.Port;

        Assert.Contains($"http://[::]:{port}", emulator.Output, StringComparison.Ordinal);
        if (NonLoopbackAddress() is { } address)
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(address, port);
            Assert.True(socket.Connected);
        }

        Assert.Equal(200, (await GetAsync(emulator, $"photosettings:{port}")).Status);
        Assert.Equal(200, (await GetAsync(emulator, "192.0.2.2:8080")).Status);
        Assert.Equal(200, (await GetAsync(emulator, "[fd00::2]:8080")).Status);
        Assert.Equal(200, (await GetAsync(emulator, $"host.docker.internal:{port}")).Status);
        Assert.Equal(403, (await GetAsync(emulator, $"rebind.example:{port}")).Status);
        Assert.Equal(403, (await GetAsync(emulator, $"127.0.0.1.nip.io:{port}")).Status);
    }

    [Fact]
    public async Task UrlsNamingAnAddressBeyondLoopbackAnswerThatNameAndAddresses()
    {
        await using var emulator = await EmulatorProcess.StartAsync(
            ("DOTNET_RUNNING_IN_CONTAINER", "false"), ("urls", "http://emulator.lan.test:{port}"));

        Assert.Equal(200, (await GetAsync(emulator, "emulator.lan.test:8080")).Status);
        Assert.Equal(200, (await GetAsync(emulator, "192.0.2.7")).Status);
        Assert.Equal(403, (await GetAsync(emulator, "photosettings")).Status);
    }

    private static Task<RawHttp> GetAsync(EmulatorProcess emulator, string host) =>
        RawHttp.SendAsync(emulator.BaseAddress, RawHttp.Request("GET", "/_emulator/faults", host));

    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
