using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PhotoSettings.Aspire.Hosting;

namespace PhotoSettings.Aspire.Tests;

/// <summary>
/// The hosting integration in an AppHost built here (DistributedApplicationTestingBuilder): DCP, Aspire's orchestrator,
/// starts the emulator, and the tests call it through the endpoint Aspire resolved.
/// </summary>
[Trait("Category", "Process")]
public sealed class AspireHostingTests
{
    private const string SettingsPath = "/beta/admin/people/photoUpdateSettings";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    // The emulator this repository just built, run the way the installed tool runs it.
    private static readonly string EmulatorDll =
        typeof(AspireHostingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EmulatorDll").Value!;

    private static readonly string RepositoryRoot =
        typeof(AspireHostingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public async Task ToolResourceBecomesHealthyAndServesGraphAtTheResolvedEndpoint()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPhotoSettingsEmulatorTool("graph", command: "dotnet", args: EmulatorDll).WithAuthMode(PhotoSettingsAuthMode.Off);
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", timeout.Token);
        using var graph = app.CreateHttpClient("graph", "http");
        using var response = await graph.GetAsync(SettingsPath, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // An unconfigured tenant: source unset (null), as Graph answers.
        Assert.Null((await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(timeout.Token))!["source"]);
    }

    [Fact]
    public async Task OptionsReachTheEmulator()
    {
        var tenants = Path.Combine(RepositoryRoot, "samples", "tenants.json");
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPhotoSettingsEmulatorTool("graph", command: "dotnet", args: EmulatorDll)
            .WithAuthMode(PhotoSettingsAuthMode.Off)
            .WithPropagationDelay(TimeSpan.Zero)
            .WithTenantsFile(tenants);
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", timeout.Token);
        using var graph = app.CreateHttpClient("graph", "http");
        using var patch = await graph.PatchAsJsonAsync(SettingsPath, new { source = "onPremises" }, timeout.Token);
        using var fabrikam = await graph.GetAsync("/_emulator/tenants/fab00000-0000-4000-8000-000000000001", timeout.Token);
        using var settings = await graph.GetAsync(SettingsPath, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fabrikam.StatusCode);
        // A zero delay: the change is in effect at once.
        Assert.Equal("onPremises", (await settings.Content.ReadFromJsonAsync<Dictionary<string, object>>(timeout.Token))!["source"].ToString());
    }

    [Fact]
    public async Task ReferenceGivesAConsumerTheGraphBaseUrl()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var graph = builder.AddPhotoSettingsEmulatorTool("graph", command: "dotnet", args: EmulatorDll);
        var consumer = builder.AddExecutable("consumer", "dotnet", ".", "--version").WithReference(graph);
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", timeout.Token);
        var configuration = await ExecutionConfigurationBuilder.Create(consumer.Resource).WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, timeout.Token);
        var environment = configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value.ToString()!);
        var resolved = app.GetEndpoint("graph", "http");

        Assert.Equal(resolved.ToString().TrimEnd('/'), environment["ConnectionStrings__graph"].TrimEnd('/'));
        Assert.Equal(resolved.ToString().TrimEnd('/'), environment["GRAPH_URI"].TrimEnd('/'));
        Assert.Equal(resolved.ToString().TrimEnd('/'), environment["GRAPH_AUTHORITYHOST"].TrimEnd('/'));
    }

    [Fact]
    public async Task ProxyReferenceGivesAConsumerHttpsProxyAndTheProxysRootWhichServeMicrosoftsHosts()
    {
        var data = Directory.CreateTempSubdirectory("photosettings-aspire-proxy-").FullName;
        var builder = DistributedApplicationTestingBuilder.Create();
        var graph = builder.AddPhotoSettingsEmulatorTool("graph", command: "dotnet", args: EmulatorDll).WithDataDirectory(data).WithProxy();
        var consumer = builder.AddExecutable("consumer", "dotnet", ".", "--version").WithProxyReference(graph);
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", timeout.Token);
        await ProxyReferenceCheck.AssertConsumerReachesMicrosoftsHostsAsync(app, consumer.Resource, timeout.Token);
    }

    [Fact]
    public async Task ManagedIdentityGivesConsumersAnEndpointAndSecretThatGetTheSampleIdentityAToken()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var graph = builder.AddPhotoSettingsEmulatorTool("graph", command: "dotnet", args: EmulatorDll)
            .WithTenantsFile(Path.Combine(RepositoryRoot, "samples", "tenants.json"));
        var api = builder.AddExecutable("api", "dotnet", ".", "--version").WithReference(graph).WithManagedIdentity(graph);
        var worker = builder.AddExecutable("worker", "dotnet", ".", "--version").WithManagedIdentity(graph);
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("graph", timeout.Token);
        var environment = await EnvironmentAsync(app, api.Resource, timeout.Token);
        var workers = await EnvironmentAsync(app, worker.Resource, timeout.Token);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, environment["IDENTITY_ENDPOINT"] + "?resource=https://graph.microsoft.com&api-version=2019-08-01");
        request.Headers.Add("X-IDENTITY-HEADER", environment["IDENTITY_HEADER"]);
        using var response = await http.SendAsync(request, timeout.Token);

        Assert.Equal(app.GetEndpoint("graph", "http").ToString().TrimEnd('/') + "/_emulator/msi/token", environment["IDENTITY_ENDPOINT"]);
        Assert.Equal((environment["IDENTITY_ENDPOINT"], environment["IDENTITY_HEADER"]), (workers["IDENTITY_ENDPOINT"], workers["IDENTITY_HEADER"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The sample tenants file's one managed identity, Fabrikam's Photo Auditor.
        Assert.Equal("fab00000-0000-4000-8000-0000000000c2",
            (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(timeout.Token))!["client_id"].ToString());
    }

    private static async Task<Dictionary<string, string>> EnvironmentAsync(DistributedApplication app, IResource resource, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, cancellationToken);
        return configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value.ToString()!);
    }

    [Fact]
    public void ContainerResourceRunsTheEmulatorImageWithAnHttpEndpointAndAHealthCheck()
    {
        var builder = DistributedApplicationTestingBuilder.Create();

        var graph = builder.AddPhotoSettingsEmulator("graph").WithDataVolume("graph-data");

        var image = Assert.Single(graph.Resource.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("photosettings-emulator", image.Image);
        Assert.Equal("0.1.0", image.Tag);
        var http = Assert.Single(graph.Resource.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 8080), (http.Name, http.TargetPort));
        Assert.Single(graph.Resource.Annotations.OfType<HealthCheckAnnotation>());
        var volume = Assert.Single(graph.Resource.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(("graph-data", "/data"), (volume.Source, volume.Target));
    }
}
