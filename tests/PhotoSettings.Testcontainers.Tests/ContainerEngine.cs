using System.Reflection;
using DotNet.Testcontainers.Configurations;

namespace PhotoSettings.Testcontainers.Tests;

/// <summary>Whether a Docker-API container engine answers, found the way Testcontainers finds one (DOCKER_HOST, the docker socket, ...).</summary>
internal static class ContainerEngine
{
    private static readonly Lazy<bool> Reachable = new(() =>
    {
        try
        {
            return TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;
        }
        catch (Exception)
        {
            return false;
        }
    });

    public static bool IsReachable => Reachable.Value;

    public const string Missing =
        "No container engine is reachable (Testcontainers found none: no DOCKER_HOST, no docker socket). These tests run real " +
        "containers; on machines without Docker, start podman's Docker API first: eval \"$(bash ../shared/tools/container/docker-api.sh)\".";

    /// <summary>This repository's root, where the Dockerfile is (recorded at build time by the test project).</summary>
    public static string RepositoryRoot { get; } =
        typeof(ContainerEngine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}

/// <summary>A fact that needs a container engine: skipped, with the reason, only when none is reachable.</summary>
public sealed class ContainerFactAttribute : FactAttribute
{
    public ContainerFactAttribute()
    {
        if (!ContainerEngine.IsReachable)
        {
            Skip = ContainerEngine.Missing;
        }
    }
}
