using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using PhotoSettings.Aspire.Hosting;

namespace PhotoSettings.Aspire.Tests;

/// <summary>
/// The container form, started for real: DCP runs <c>photosettings-emulator:&lt;package version&gt;</c> (built from this
/// repository's Dockerfile by <see cref="EmulatorImage"/>) through the docker CLI, and the tests call it through the
/// endpoint Aspire resolved.
/// </summary>
[Collection(EmulatorImageCollection.Name)]
[Trait("Category", "Process")]
public sealed class ContainerResourceTests
{
    private const string SettingsPath = "/beta/admin/people/photoUpdateSettings";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [ContainerEngineFact]
    public async Task ContainerResourceBecomesHealthyAndServesGraphAtTheResolvedEndpoint()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPhotoSettingsEmulator("graph").WithAuthMode(PhotoSettingsAuthMode.Off).WithPropagationDelay(TimeSpan.Zero)
            .WithTenantsFile(Path.Combine(ContainerEngine.RepositoryRoot, "samples", "tenants.json"));
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", timeout.Token);
        using var graph = app.CreateHttpClient("graph", "http");
        // The tenants file, bind-mounted into the container, seeded Fabrikam.
        using var fabrikam = await graph.GetAsync("/_emulator/tenants/fab00000-0000-4000-8000-000000000001", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, fabrikam.StatusCode);
        using var patch = await graph.PatchAsJsonAsync(SettingsPath, new { allowedRoles = new[] { "fe930be7-5e62-47db-91af-98c3a49a38b1" } }, timeout.Token);
        using var settings = await graph.GetAsync(SettingsPath, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var body = await settings.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>(timeout.Token);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body!["source"].ValueKind);
        Assert.Equal(["fe930be7-5e62-47db-91af-98c3a49a38b1"], body["allowedRoles"].EnumerateArray().Select(role => role.GetString()));
    }

    [ContainerEngineFact]
    public async Task WithProxyTheContainersProxyEndpointAndRootReachAConsumerWhichReachesMicrosoftsHosts()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var graph = builder.AddPhotoSettingsEmulator("graph").WithProxy();
        var consumer = builder.AddExecutable("consumer", "dotnet", ".", "--version").WithProxyReference(graph);
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", timeout.Token);

        await ProxyReferenceCheck.AssertConsumerReachesMicrosoftsHostsAsync(app, consumer.Resource, timeout.Token);
    }

    [ContainerEngineFact]
    public async Task DataVolumeKeepsTheSettingsWhenTheContainerIsStartedAgain()
    {
        var volume = $"photosettings-aspire-test-{Guid.NewGuid():N}";
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout * 2);
            await using (var first = await StartWithVolumeAsync(volume, timeout.Token))
            {
                using var graph = first.CreateHttpClient("graph", "http");
                using var patch = await graph.PatchAsJsonAsync(SettingsPath, new { source = "onPremises" }, timeout.Token);
                Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            }

            await using var second = await StartWithVolumeAsync(volume, timeout.Token);
            using var again = second.CreateHttpClient("graph", "http");
            var settings = await again.GetFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>(SettingsPath, timeout.Token);

            Assert.Equal("onPremises", settings!["source"].GetString());
        }
        finally
        {
            await ContainerEngine.DockerAsync(TimeSpan.FromMinutes(1), "volume", "rm", "--force", volume);
        }
    }

    private static async Task<DistributedApplication> StartWithVolumeAsync(string volume, CancellationToken cancellationToken)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPhotoSettingsEmulator("graph").WithAuthMode(PhotoSettingsAuthMode.Off).WithPropagationDelay(TimeSpan.Zero).WithDataVolume(volume);
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", cancellationToken);
        return app;
    }
}
