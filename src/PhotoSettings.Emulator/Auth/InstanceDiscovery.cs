using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// MSAL's instance discovery (<c>/common/discovery/instance?api-version=1.1&amp;authorization_endpoint=...</c>), which
/// MSAL calls before it trusts an authority unless told not to. The emulator vouches for the host the client called
/// (its own address, or login.microsoftonline.com through the proxy) as its only alias, so MSAL keeps talking to it.
/// </summary>
public static class InstanceDiscovery
{
    public static IEndpointRouteBuilder MapInstanceDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{tenantId}/discovery/instance", Discover)
            .WithTags("Entra token service").WithGroupName(Graph.OpenApiDocuments.Emulator)
            .WithName("EntraInstanceDiscovery").WithSummary("MSAL's instance discovery")
            .WithDescription("The metadata MSAL asks for about an authority: the host called as the preferred network and cache and its only alias, "
                + "and the tenant's OpenID configuration named by authorization_endpoint (common when it names none).")
            .Produces<InstanceDiscoveryResponse>(StatusCodes.Status200OK)
            // Like every route of the token service, it refuses a malformed client-request-id before it runs.
            .Produces<Graph.EntraError>(StatusCodes.Status400BadRequest);
        return app;
    }

    public static JsonHttpResult<InstanceDiscoveryResponse> Discover(string tenantId, HttpContext httpContext, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "authorization_endpoint")] string? authorizationEndpoint = null)
    {
        var request = httpContext.Request;
        var host = request.Host.Value ?? "localhost";
        // MSAL sends the authority it will use; its first segment names the tenant whose configuration it reads next.
        var tenant = Uri.TryCreate(authorizationEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Segments.Length > 1
            ? Uri.EscapeDataString(Uri.UnescapeDataString(endpoint.Segments[1].TrimEnd('/')))
            : Uri.EscapeDataString(tenantId);
        return TypedResults.Json(
            new InstanceDiscoveryResponse(
                $"{request.Scheme}://{host}/{tenant}/v2.0/.well-known/openid-configuration",
                "1.1",
                [new InstanceMetadata(host, host, [host])]),
            EmulatorJsonContext.Default.InstanceDiscoveryResponse);
    }
}

public sealed record InstanceDiscoveryResponse(
    [property: JsonPropertyName("tenant_discovery_endpoint")] string TenantDiscoveryEndpoint,
    [property: JsonPropertyName("api-version")] string ApiVersion,
    [property: JsonPropertyName("metadata")] InstanceMetadata[] Metadata);

public sealed record InstanceMetadata(
    [property: JsonPropertyName("preferred_network")] string PreferredNetwork,
    [property: JsonPropertyName("preferred_cache")] string PreferredCache,
    [property: JsonPropertyName("aliases")] string[] Aliases);
