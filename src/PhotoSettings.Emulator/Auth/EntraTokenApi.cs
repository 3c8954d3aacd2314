using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// An Entra-shaped token service at the root of the host, where MSAL and Azure.Identity look for it:
/// <c>/{tenant}/oauth2/v2.0/token</c> (client credentials), OIDC discovery and the signing keys.
/// Errors are Entra's OAuth JSON (<c>error</c>, <c>error_description</c>, <c>error_codes</c>, …).
/// </summary>
public static class EntraTokenApi
{
    /// <summary>MSAL fetches a new token when fewer than 300 s remain; Entra issues about an hour.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(3599);

    public static IEndpointRouteBuilder MapEntraTokenApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/{tenantId}").WithTags("Entra token service").WithGroupName(Graph.OpenApiDocuments.Emulator);
        group.MapPost("/oauth2/v2.0/token", IssueToken)
            .WithName("EntraToken").WithSummary("Client-credentials token endpoint")
            .WithDescription("A form POST with client_id, client_secret, scope=https://graph.microsoft.com/.default and "
                + "grant_type=client_credentials answers like Entra with a token carrying the application's permissions in 'roles'.")
            .Produces<EntraTokenResponse>(StatusCodes.Status200OK)
            .Produces<EntraError>(StatusCodes.Status400BadRequest)
            .Produces<EntraError>(StatusCodes.Status401Unauthorized);
        // Entra answers every other method on its token endpoint in OAuth's dialect, not HTTP's 405.
        group.MapMethods("/oauth2/v2.0/token", [HttpMethods.Get, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Head], OnlyPost)
            .WithName("EntraTokenWrongMethod").ExcludeFromDescription();
        group.MapGet("/v2.0/.well-known/openid-configuration", Discovery)
            .WithName("EntraDiscovery").WithSummary("OpenID Connect discovery")
            .WithDescription("The issuer, token endpoint and JWKS of this tenant, on the scheme and host the client called.")
            .Produces<OpenIdConfiguration>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/discovery/v2.0/keys", Keys)
            .WithName("EntraKeys").WithSummary("Signing keys (JWKS)")
            .WithDescription("The public key the emulator signs tokens with.");
        return app;
    }

    public static async Task<Results<JsonHttpResult<EntraTokenResponse>, JsonHttpResult<EntraError>>> IssueToken(string tenantId, HttpContext httpContext, ITenantStore store, TokenIssuer issuer, TimeProvider time)
    {
        var request = httpContext.Request;
        if (!request.HasFormContentType)
        {
            return Error(httpContext, time, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(httpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !httpContext.RequestAborted.IsCancellationRequested)
        {
            // The form reader's own limits (1,024 fields, 2,048-character keys, 4 MB values) and a
            // multipart body without its boundary: the client's request, so OAuth's invalid_request.
            return Error(httpContext, time, 400, "invalid_request", 900144, "The request body could not be read as a form: " + ex.Message);
        }

        var (clientId, clientSecret) = ClientCredentials(request, form);
        var grantType = form["grant_type"].ToString();
        var scope = form["scope"].ToString();
        if (grantType.Length == 0)
        {
            return Error(httpContext, time, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }

        if (!Guid.TryParse(tenantId, out var tid) || await store.FindAsync(tid) is not { } state)
        {
            return Error(httpContext, time, 400, "invalid_request", 90002,
                $"Tenant '{ClientText.Clip(tenantId)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }

        if (grantType != "client_credentials")
        {
            return Error(httpContext, time, 400, "unsupported_grant_type", 70003,
                $"The app requested an unsupported grant type '{ClientText.Clip(grantType)}'. The emulator issues tokens for client_credentials only.");
        }

        if (clientId.Length == 0)
        {
            return Error(httpContext, time, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        }

        if (scope.Length == 0)
        {
            return Error(httpContext, time, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
        }

        if (!IsGraphDefaultScope(scope, request))
        {
            return Error(httpContext, time, 400, "invalid_scope", 1002012,
                $"The provided value for scope {ClientText.Clip(scope)} is not valid. Client credential flows must have a scope value with /.default "
                + "suffixed to the resource identifier (application ID URI): https://graph.microsoft.com/.default.");
        }

        var application = state.Tenant.Applications.FirstOrDefault(a => a.AppId.Equals(clientId, StringComparison.OrdinalIgnoreCase));
        if (application is null)
        {
            return Error(httpContext, time, 400, "unauthorized_client", 700016,
                $"Application with identifier '{ClientText.Clip(clientId)}' was not found in the directory '{state.Tenant.DisplayName}'. "
                + "Register it in the tenant's 'applications'.");
        }

        if (clientSecret.Length == 0)
        {
            return Error(httpContext, time, 401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(application.ClientSecret)))
        {
            return Error(httpContext, time, 401, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{application.AppId}'.");
        }

        var minted = issuer.Mint(new TokenGrant(state.Tenant, null, application.AppId, null, [.. application.Roles], null, TokenLifetime));
        httpContext.Response.Headers.CacheControl = "no-store, no-cache";
        return TypedResults.Json(
            new EntraTokenResponse("Bearer", (int)TokenLifetime.TotalSeconds, (int)TokenLifetime.TotalSeconds, minted.AccessToken),
            EmulatorJsonContext.Wire.EntraTokenResponse);
    }

    public static JsonHttpResult<EntraError> OnlyPost(HttpContext httpContext, TimeProvider time) =>
        Error(httpContext, time, 400, "invalid_request", 900561,
            $"The endpoint only accepts POST, OPTIONS requests. Received a {httpContext.Request.Method} request.");

    public static async Task<Results<JsonHttpResult<OpenIdConfiguration>, ProblemHttpResult>> Discovery(string tenantId, HttpRequest request, ITenantStore store)
    {
        if (!Guid.TryParse(tenantId, out var tid) || await store.FindAsync(tid) is null)
        {
            // ProblemDetails, but not ControlProblem: that one declares the control API's 401, which this route never answers.
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no tenant '{ClientText.Clip(tenantId)}' in this emulator.");
        }

        var authority = $"{request.Scheme}://{request.Host}/{tid}";
        return TypedResults.Json(
            new OpenIdConfiguration(
                Issuer: $"{authority}/v2.0",
                TokenEndpoint: $"{authority}/oauth2/v2.0/token",
                AuthorizationEndpoint: $"{authority}/oauth2/v2.0/authorize",
                JwksUri: $"{authority}/discovery/v2.0/keys",
                TokenEndpointAuthMethodsSupported: ["client_secret_post", "client_secret_basic"],
                GrantTypesSupported: ["client_credentials"],
                ResponseTypesSupported: ["token"],
                SubjectTypesSupported: ["pairwise"],
                IdTokenSigningAlgValuesSupported: ["RS256"],
                ScopesSupported: ["https://graph.microsoft.com/.default"],
                TenantRegionScope: null,
                CloudInstanceName: "microsoftonline.com"),
            EmulatorJsonContext.Default.OpenIdConfiguration);
    }

    public static JsonHttpResult<JsonWebKeySetDocument> Keys(EmulatorSigningKey key)
    {
        var parameters = key.Key.Rsa.ExportParameters(includePrivateParameters: false);
        return TypedResults.Json(
            new JsonWebKeySetDocument([new JsonWebKeyDocument("RSA", "sig", key.Key.KeyId, "RS256",
                Base64UrlEncoder.Encode(parameters.Modulus), Base64UrlEncoder.Encode(parameters.Exponent))]),
            EmulatorJsonContext.Default.JsonWebKeySetDocument);
    }

    /// <summary>Graph's <c>/.default</c> scope, by URI or app id, or the emulator host's own (what the SDK asks for without scopes).</summary>
    private static bool IsGraphDefaultScope(string scope, HttpRequest request)
    {
        string[] accepted =
        [
            "https://graph.microsoft.com/.default",
            "https://graph.microsoft.com//.default",
            TokenIssuer.GraphAppId + "/.default",
            $"{request.Scheme}://{request.Host}/.default",
            $"https://{request.Host.Host}/.default",
        ];
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // MSAL adds the OIDC scopes it always asks for; they do not change a client-credentials token.
        var resource = scopes.Where(s => s is not ("openid" or "profile" or "offline_access")).ToArray();
        return resource.Length == 1 && accepted.Contains(resource[0], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>client_secret_post, or client_secret_basic (an HTTP Basic header).</summary>
    private static (string ClientId, string ClientSecret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        if (System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
                if (pair.Length == 2)
                {
                    id = id.Length > 0 ? id : Uri.UnescapeDataString(pair[0]);
                    secret = secret.Length > 0 ? secret : Uri.UnescapeDataString(pair[1]);
                }
            }
            catch (FormatException)
            {
                // Not Basic credentials after all; the form decides.
            }
        }

        return (id, secret);
    }

    private static JsonHttpResult<EntraError> Error(HttpContext httpContext, TimeProvider time, int status, string error, int code, string description) =>
        EntraErrors.Create(httpContext, status, error, code, description);
}

public sealed record EntraTokenResponse(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("ext_expires_in")] int ExtExpiresIn,
    [property: JsonPropertyName("access_token")] string AccessToken);

public sealed record OpenIdConfiguration(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] string[] TokenEndpointAuthMethodsSupported,
    [property: JsonPropertyName("grant_types_supported")] string[] GrantTypesSupported,
    [property: JsonPropertyName("response_types_supported")] string[] ResponseTypesSupported,
    [property: JsonPropertyName("subject_types_supported")] string[] SubjectTypesSupported,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] string[] IdTokenSigningAlgValuesSupported,
    [property: JsonPropertyName("scopes_supported")] string[] ScopesSupported,
    [property: JsonPropertyName("tenant_region_scope")] string? TenantRegionScope,
    [property: JsonPropertyName("cloud_instance_name")] string CloudInstanceName);

public sealed record JsonWebKeySetDocument([property: JsonPropertyName("keys")] JsonWebKeyDocument[] Keys);

public sealed record JsonWebKeyDocument(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("e")] string E);
