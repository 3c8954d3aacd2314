using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// How the Graph surface is authorised, in its OpenAPI document: a bearer token (paste one from the start-up log with --print-tokens
/// or <c>POST /_emulator/tokens</c>), or Entra's client-credentials flow against the emulator's own token endpoint
/// with a built-in application's well-known secret, which Swagger UI's Authorize button runs for you. Either one will do.
/// </summary>
public sealed class GraphSecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string Entra = "entra";
    public const string GraphDefaultScope = "https://graph.microsoft.com/.default";

    /// <summary>The cloud-only built-in tenant's token endpoint: relative, so it names whichever host serves the document.</summary>
    public static string TokenPath => $"/{DefaultTenants.CloudOnlyId}/oauth2/v2.0/token";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token the emulator signed: from POST /_emulator/tokens, its token endpoint, or the start-up log with --print-tokens.",
        };
        document.Components.SecuritySchemes[Entra] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = $"Client credentials at the emulator's token endpoint for the tenant Contoso Cloud: client id {DefaultTenants.AppId(DefaultTenants.CloudOnlyId)}, "
                + $"the built-in application's well-known secret {DefaultTenants.AppSecret}.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri(TokenPath, UriKind.Relative),
                    Scopes = new Dictionary<string, string> { [GraphDefaultScope] = "Every application permission granted to the client." },
                },
            },
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Entra, document)] = [GraphDefaultScope] },
        ];
        return Task.CompletedTask;
    }
}
