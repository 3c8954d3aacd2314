using System.Net;
using DotNet.Testcontainers.Builders;

namespace PhotoSettings.Testcontainers.Tests;

/// <summary>
/// The Hosts a container serves: what its callers send (the mapped address, its network aliases, service names,
/// names given to WithAllowedHosts) and nothing else, so a rebinding page on the host machine is still refused.
/// </summary>
[Collection(EmulatorImageCollection.Name)]
[Trait("Category", "Process")]
public sealed class ContainerHostsTests(EmulatorImageFixture image)
{
    [ContainerFact]
    public async Task TheContainerServesItsAddressAliasesAndAllowedNamesAndRefusesOthersAndCrossSiteWrites()
    {
        _ = image;
        await using var network = new NetworkBuilder().Build();
        await using var container = new PhotoSettingsBuilder()
            .WithNetwork(network).WithNetworkAliases("graph.emulator.test")
            .WithAllowedHosts("tests.example")
            .Build();
        await container.StartAsync();
        using var client = new HttpClient { BaseAddress = container.GetBaseAddress() };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "graph.emulator.test:8080"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "graph:8080"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "tests.example"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, $"localhost:{container.GetBaseAddress().Port}"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Get, "rebind.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, HttpMethod.Post, null, "http://evil.example"));
        Assert.Equal("[]", await client.GetStringAsync("/_emulator/faults"));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string? host, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, "/_emulator/faults");
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
            request.Content = new StringContent("""{"path":"/beta/*","status":503}""", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
