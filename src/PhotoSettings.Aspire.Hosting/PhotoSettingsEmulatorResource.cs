using Aspire.Hosting.ApplicationModel;

namespace PhotoSettings.Aspire.Hosting;

/// <summary>
/// What both ways of running the emulator share: an <c>http</c> endpoint, configuration through environment
/// variables, and a connection string that is the Graph base URL, so <c>WithReference</c> hands it to consumers.
/// </summary>
public interface IPhotoSettingsEmulatorResource : IResourceWithConnectionString, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
{
    /// <summary>The emulator's http endpoint.</summary>
    EndpointReference HttpEndpoint { get; }
}

/// <summary>The emulator as a container of its image (<c>AddPhotoSettingsEmulator</c>).</summary>
public sealed class PhotoSettingsEmulatorResource(string name) : ContainerResource(name), IPhotoSettingsEmulatorResource
{
    internal const string HttpEndpointName = "http";

    private EndpointReference? _httpEndpoint;

    public EndpointReference HttpEndpoint => _httpEndpoint ??= new(this, HttpEndpointName);

    /// <summary>The Graph base URL: Graph's paths (<c>/beta/admin/people/photoUpdateSettings</c>) and the Entra token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>) are under it.</summary>
    public ReferenceExpression ConnectionStringExpression => PhotoSettingsConnection.Url(HttpEndpoint);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() => PhotoSettingsConnection.Properties(HttpEndpoint);
}

/// <summary>The emulator as an executable: the installed .NET tool, or any command that runs it (<c>AddPhotoSettingsEmulatorTool</c>).</summary>
public sealed class PhotoSettingsEmulatorToolResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IPhotoSettingsEmulatorResource
{
    private EndpointReference? _httpEndpoint;

    public EndpointReference HttpEndpoint => _httpEndpoint ??= new(this, PhotoSettingsEmulatorResource.HttpEndpointName);

    /// <inheritdoc cref="PhotoSettingsEmulatorResource.ConnectionStringExpression"/>
    public ReferenceExpression ConnectionStringExpression => PhotoSettingsConnection.Url(HttpEndpoint);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() => PhotoSettingsConnection.Properties(HttpEndpoint);
}

internal static class PhotoSettingsConnection
{
    public static ReferenceExpression Url(EndpointReference http) => ReferenceExpression.Create($"{http.Property(EndpointProperty.Url)}");

    // Uri: where Graph clients point. AuthorityHost: what Azure.Identity's AuthorityHost takes; the token endpoint is
    // {AuthorityHost}/{tenant id}/oauth2/v2.0/token, as on login.microsoftonline.com.
    public static IEnumerable<KeyValuePair<string, ReferenceExpression>> Properties(EndpointReference http) =>
    [
        new("Uri", Url(http)),
        new("AuthorityHost", Url(http)),
    ];
}
