using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// A managed-identity endpoint in App Service's shape, so <c>ManagedIdentityCredential</c> and
/// <c>DefaultAzureCredential</c> get emulator tokens when <c>IDENTITY_ENDPOINT</c> names it and <c>IDENTITY_HEADER</c>
/// holds its secret: <c>GET /_emulator/msi/token?resource=https://graph.microsoft.com&amp;api-version=2019-08-01</c>
/// with <c>X-IDENTITY-HEADER</c>. An identity is an application flagged <c>managedIdentity</c> in a tenant; the token
/// carries its permissions. A web page cannot use it: it cannot send the header without a CORS preflight, which the
/// emulator never grants, and the Host guard keeps a rebinding page out.
/// </summary>
public static class ManagedIdentityApi
{
    public const string Path = "/_emulator/msi/token";
    public const string SecretHeader = "X-IDENTITY-HEADER";
    public const string ApiVersion = "2019-08-01";

    public static IEndpointRouteBuilder MapManagedIdentityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, IssueToken)
            .WithGroupName(OpenApiDocuments.Emulator).WithTags("Managed identity")
            .WithName("ManagedIdentityToken").WithSummary("App Service managed-identity token endpoint")
            .WithDescription("What IDENTITY_ENDPOINT names. With X-IDENTITY-HEADER (the secret GET /_emulator/managed-identity gives), "
                + "resource=https://graph.microsoft.com and api-version=2019-08-01, answers App Service's JSON with a Graph token for the "
                + "managed identity (client_id, principal_id/object_id or mi_res_id pick a user-assigned one). Errors are App Service's "
                + "{statusCode, message, correlationId}.")
            .Produces<ManagedIdentityTokenResponse>(StatusCodes.Status200OK)
            .Produces<ManagedIdentityError>(StatusCodes.Status400BadRequest)
            .Produces<ManagedIdentityError>(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Results<JsonHttpResult<ManagedIdentityTokenResponse>, JsonHttpResult<ManagedIdentityError>>> IssueToken(
        HttpContext httpContext, ITenantStore store, TokenIssuer issuer, ManagedIdentitySecret secret, IOptions<ManagedIdentityOptions> options)
    {
        var request = httpContext.Request;
        if (!secret.Matches(request.Headers[SecretHeader].ToString()))
        {
            return Error(httpContext, 401,
                $"The {SecretHeader} header is missing or is not this emulator's IDENTITY_HEADER (GET /_emulator/managed-identity gives both variables).");
        }

        var query = request.Query;
        if (query["api-version"].ToString() != ApiVersion)
        {
            return Error(httpContext, 400, $"The api-version '{ClientText.Clip(query["api-version"].ToString())}' is not supported: send api-version={ApiVersion}.");
        }

        var resource = query["resource"].ToString();
        if (resource.Length == 0)
        {
            return Error(httpContext, 400, "The request must name a resource, e.g. resource=https://graph.microsoft.com.");
        }

        if (!IsGraph(resource, request))
        {
            return Error(httpContext, 400,
                $"AADSTS500011: The resource principal named {ClientText.Clip(resource)} was not found. The emulator issues tokens for https://graph.microsoft.com only.");
        }

        var selectors = new[] { "client_id", "principal_id", "object_id", "mi_res_id" }.Where(k => query[k].ToString().Length > 0).ToArray();
        if (selectors.Length > 1)
        {
            return Error(httpContext, 400, $"The request names the identity {selectors.Length} ways ({string.Join(", ", selectors)}); name it one way.");
        }

        var identities = (await store.AllAsync())
            .SelectMany(s => s.Tenant.Applications.Select(a => (s.Tenant, Application: a)))
            .ToList();
        var (found, problem) = selectors.Length == 0
            ? SystemAssigned(identities, options.Value.ClientId)
            : UserAssigned(identities, selectors[0], query[selectors[0]].ToString().Trim());
        if (found is not { } identity)
        {
            return Error(httpContext, 400, problem!);
        }

        var minted = issuer.Mint(new TokenGrant(identity.Tenant, null, identity.Application.AppId, null, [.. identity.Application.Roles], null, EntraTokenApi.TokenLifetime));
        httpContext.Response.Headers.CacheControl = "no-store, no-cache";
        return TypedResults.Json(
            new ManagedIdentityTokenResponse(minted.AccessToken, minted.ExpiresOn.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                TokenIssuer.GraphAudience, "Bearer", identity.Application.AppId),
            EmulatorJsonContext.Wire.ManagedIdentityTokenResponse);
    }

    /// <summary>Graph by URI (with or without a trailing slash or <c>/.default</c>, as MSAL turns a scope into a resource) or by app id.</summary>
    private static bool IsGraph(string resource, HttpRequest request)
    {
        var trimmed = resource.EndsWith("/.default", StringComparison.OrdinalIgnoreCase) ? resource[..^"/.default".Length] : resource;
        trimmed = trimmed.TrimEnd('/');
        return trimmed.Equals(TokenIssuer.GraphAudience, StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals(TokenIssuer.GraphAppId, StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals($"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static ((Tenant Tenant, TenantApplication Application)? Found, string? Problem) SystemAssigned(
        List<(Tenant Tenant, TenantApplication Application)> applications, string? configured)
    {
        if (configured is not null)
        {
            var id = Guid.Parse(configured).ToString();
            return applications.FirstOrDefault(a => a.Application.AppId == id) is { Application: not null } match
                ? (match, null)
                : (null, $"Emulator:ManagedIdentity:ClientId '{id}' is no application of any tenant in this emulator.");
        }

        var flagged = applications.Where(a => a.Application.ManagedIdentity).ToList();
        return flagged.Count switch
        {
            1 => (flagged[0], null),
            0 => (null, "No managed identity is registered: flag an application with \"managedIdentity\": true in a tenant, or set Emulator:ManagedIdentity:ClientId."),
            _ => (null, $"{flagged.Count} applications are managed identities; name one with client_id, or set Emulator:ManagedIdentity:ClientId."),
        };
    }

    private static ((Tenant Tenant, TenantApplication Application)? Found, string? Problem) UserAssigned(
        List<(Tenant Tenant, TenantApplication Application)> applications, string selector, string value)
    {
        var match = applications.Where(a => a.Application.ManagedIdentity).FirstOrDefault(a => selector switch
        {
            "client_id" => a.Application.AppId.Equals(value, StringComparison.OrdinalIgnoreCase),
            "mi_res_id" => string.Equals(a.Application.ResourceId, value, StringComparison.OrdinalIgnoreCase),
            // The identity's object id in its tenant is the service principal the tokens carry in oid.
            _ => TokenIssuer.ServicePrincipalId(a.Tenant.Id, a.Application.AppId).Equals(value, StringComparison.OrdinalIgnoreCase),
        });
        return match.Application is not null
            ? (match, null)
            : (null, $"No User Assigned or Delegated Managed Identity found for specified ManagedIdentity parameter ({selector} '{ClientText.Clip(value)}').");
    }

    private static JsonHttpResult<ManagedIdentityError> Error(HttpContext httpContext, int status, string message) =>
        TypedResults.Json(new ManagedIdentityError(status, message, RequestIds.Of(httpContext).RequestId), EmulatorJsonContext.Wire.ManagedIdentityError, statusCode: status);
}

/// <summary>App Service's answer (api-version 2019-08-01): <c>expires_on</c> is seconds since 1970, as a string.</summary>
public sealed record ManagedIdentityTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_on")] string ExpiresOn,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("client_id")] string ClientId);

/// <summary>App Service's error: <c>{"statusCode","message","correlationId"}</c>.</summary>
public sealed record ManagedIdentityError(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("correlationId")] string CorrelationId);
