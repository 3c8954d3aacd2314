using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// An Entra-shaped token service at the root of the host, where MSAL and Azure.Identity look for it:
/// <c>/{tenant}/oauth2/v2.0/token</c> (client credentials), OIDC discovery and the signing keys. Every error is
/// Entra's OAuth JSON, from <see cref="EntraErrors"/>; a method no route here takes (OPTIONS, TRACE, PROPFIND, …) is
/// answered in the same dialect by the fallback for unmatched requests.
/// </summary>
public static class EntraTokenApi
{
    /// <summary>MSAL fetches a new token when fewer than 300 s remain; Entra issues about an hour.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(3599);

    public static IEndpointRouteBuilder MapEntraTokenApi(this IEndpointRouteBuilder app)
    {
        // Every route here can refuse a malformed client-request-id (400) before it runs.
        var group = app.MapGroup("/{tenantId}").WithTags("Entra token service").WithGroupName(Graph.OpenApiDocuments.Emulator)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(EntraError), ["application/json"]));
        group.MapPost("/oauth2/v2.0/token", IssueToken)
            .WithName("EntraToken").WithSummary("Client-credentials token endpoint")
            .WithDescription("A form POST with client_id, client_secret (or client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer "
                + "and client_assertion, a JWT signed with one of the application's certificates), scope=https://graph.microsoft.com/.default and "
                + "grant_type=client_credentials answers like Entra with a token carrying the application's permissions in 'roles'. "
                + "Any other method answers 400 (AADSTS900561) in OAuth's JSON.")
            .Produces<EntraTokenResponse>(StatusCodes.Status200OK)
            .Produces<EntraError>(StatusCodes.Status401Unauthorized);
        group.MapGet("/v2.0/.well-known/openid-configuration", Discovery)
            .WithName("EntraDiscovery").WithSummary("OpenID Connect discovery")
            .WithDescription("The issuer, token endpoint and JWKS of this tenant, on the scheme and host the client called; "
                + "400 invalid_tenant (AADSTS90002) for a tenant the emulator does not hold, as Entra answers.")
            .Produces<OpenIdConfiguration>(StatusCodes.Status200OK);
        group.MapGet("/discovery/v2.0/keys", Keys)
            .WithName("EntraKeys").WithSummary("Signing keys (JWKS)")
            .WithDescription("The public key the emulator signs tokens with.")
            .Produces<JsonWebKeySetDocument>(StatusCodes.Status200OK);
        return app;
    }

    public static async Task<Results<JsonHttpResult<EntraTokenResponse>, JsonHttpResult<EntraError>>> IssueToken(
        string tenantId, HttpContext httpContext, ITenantStore store, TokenIssuer issuer, ClientAssertionValidator assertions)
    {
        var request = httpContext.Request;
        if (!request.HasFormContentType)
        {
            return EntraErrors.MissingParameter(httpContext, "grant_type");
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
            return EntraErrors.UnreadableForm(httpContext, ex.Message);
        }

        var (clientId, clientSecret) = ClientCredentials.Of(request, form);
        var assertionType = form["client_assertion_type"].ToString();
        var assertion = form["client_assertion"].ToString();
        if (clientId.Length == 0 && assertion.Length > 0)
        {
            // Entra takes the client from the assertion when the form names none.
            clientId = ClientAssertionValidator.ClientIdOf(assertion);
        }

        var grantType = form["grant_type"].ToString();
        var scope = form["scope"].ToString();
        if (grantType.Length == 0)
        {
            return EntraErrors.MissingParameter(httpContext, "grant_type");
        }

        if (!Guid.TryParse(tenantId, out var tid) || await store.FindAsync(tid) is not { } state)
        {
            return EntraErrors.TenantNotFound(httpContext, tenantId);
        }

        if (grantType != "client_credentials")
        {
            return EntraErrors.UnsupportedGrantType(httpContext, grantType);
        }

        if (clientId.Length == 0)
        {
            return EntraErrors.MissingParameter(httpContext, "client_id");
        }

        if (scope.Length == 0)
        {
            return EntraErrors.MissingParameter(httpContext, "scope");
        }

        if (!ClientCredentials.IsGraphDefaultScope(scope, request))
        {
            return EntraErrors.InvalidScope(httpContext, scope);
        }

        var application = state.Tenant.Applications.FirstOrDefault(a => a.AppId.Equals(clientId, StringComparison.OrdinalIgnoreCase));
        if (application is null)
        {
            return EntraErrors.ApplicationNotFound(httpContext, clientId, state.Tenant.DisplayName);
        }

        if (assertion.Length > 0 || assertionType.Length > 0)
        {
            if (await AssertionRefusalAsync(httpContext, tid, application, clientSecret, assertionType, assertion, assertions) is { } refusal)
            {
                return refusal;
            }
        }
        else if (clientSecret.Length == 0)
        {
            return EntraErrors.MissingClientCredential(httpContext);
        }
        else if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(application.ClientSecret)))
        {
            return EntraErrors.InvalidClientSecret(httpContext, application.AppId);
        }

        var minted = issuer.Mint(new TokenGrant(state.Tenant, null, application.AppId, null, [.. application.Roles], null, TokenLifetime));
        httpContext.Response.Headers.CacheControl = "no-store, no-cache";
        return TypedResults.Json(
            new EntraTokenResponse("Bearer", (int)TokenLifetime.TotalSeconds, (int)TokenLifetime.TotalSeconds, minted.AccessToken),
            EmulatorJsonContext.Wire.EntraTokenResponse);
    }

    /// <summary>Certificate credentials: one way of authenticating (not a secret as well), the jwt-bearer type, and an assertion that holds.</summary>
    private static async Task<JsonHttpResult<EntraError>?> AssertionRefusalAsync(
        HttpContext httpContext, Guid tenantId, TenantApplication application, string clientSecret, string assertionType, string assertion,
        ClientAssertionValidator assertions)
    {
        if (clientSecret.Length > 0)
        {
            return EntraErrors.InvalidClientAuthentication(httpContext,
                "The request sends both a client_secret and a client_assertion. Authenticate the client one way: send one of them.");
        }

        if (assertionType != ClientAssertionValidator.JwtBearerType)
        {
            return assertionType.Length == 0
                ? EntraErrors.MissingParameter(httpContext, "client_assertion_type")
                : EntraErrors.InvalidClientAuthentication(httpContext,
                    $"The client_assertion_type '{Primitives.ClientText.Clip(assertionType)}' is not supported: send {ClientAssertionValidator.JwtBearerType}.");
        }

        return assertion.Length == 0
            ? EntraErrors.MissingParameter(httpContext, "client_assertion")
            : await assertions.ValidateAsync(httpContext, tenantId, application, assertion);
    }

    public static async Task<Results<JsonHttpResult<OpenIdConfiguration>, JsonHttpResult<EntraError>>> Discovery(string tenantId, HttpContext httpContext, ITenantStore store)
    {
        if (!Guid.TryParse(tenantId, out var tid) || await store.FindAsync(tid) is null)
        {
            return EntraErrors.TenantNotFound(httpContext, tenantId, "invalid_tenant");
        }

        var request = httpContext.Request;
        var authority = $"{request.Scheme}://{request.Host}/{tid}";
        return TypedResults.Json(
            new OpenIdConfiguration(
                Issuer: $"{authority}/v2.0",
                TokenEndpoint: $"{authority}/oauth2/v2.0/token",
                AuthorizationEndpoint: $"{authority}/oauth2/v2.0/authorize",
                JwksUri: $"{authority}/discovery/v2.0/keys",
                TokenEndpointAuthMethodsSupported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
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
}
