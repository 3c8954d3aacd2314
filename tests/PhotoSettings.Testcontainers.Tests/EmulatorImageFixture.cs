using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;

namespace PhotoSettings.Testcontainers.Tests;

/// <summary>
/// Builds this repository's Dockerfile once per test run, through the container engine's API, and tags it
/// <see cref="PhotoSettingsBuilder.DefaultImage"/>, so the tests run exactly what `new PhotoSettingsBuilder()`
/// runs for a user. It always builds (the engine's layer cache makes an unchanged build quick), so a stale
/// image from an older commit is never what gets tested. Nothing is pulled: the Dockerfile's base images
/// must be local (on these machines, the stand-ins of ../shared/tools/container).
/// </summary>
public sealed class EmulatorImageFixture : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (!ContainerEngine.IsReachable)
        {
            return;
        }

        var image = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(ContainerEngine.RepositoryRoot)
            .WithDockerfile("Dockerfile")
            .WithName(PhotoSettingsBuilder.DefaultImage)
            .WithImageBuildPolicy(PullPolicy.Always)
            .WithDeleteIfExists(false)
            .WithCleanUp(false)
            .Build();
        await image.CreateAsync();

        // Where Testcontainers reaches containers here (127.0.0.1, or a gateway when the tests run in a container),
        // for the https test's certificate.
        await using var probe = new PhotoSettingsBuilder().Build();
        await probe.StartAsync();
        ContainerHost = probe.Hostname;
    }

    /// <summary>The address Testcontainers reaches containers at on this machine.</summary>
    public string ContainerHost { get; private set; } = "127.0.0.1";

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class EmulatorImageCollection : ICollectionFixture<EmulatorImageFixture>
{
    public const string Name = "emulator image";
}
