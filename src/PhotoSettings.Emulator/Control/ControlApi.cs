using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Control;

/// <summary>
/// The emulator's own API under <c>/_emulator</c>: tenants and tokens. JSON in, JSON out, RFC 9457
/// ProblemDetails on errors; described in its own OpenAPI document (<c>/openapi/control.json</c>).
/// </summary>
public static partial class ControlApi
{
    public const string DocumentName = OpenApiDocuments.Emulator;

    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/_emulator")
            .WithGroupName(DocumentName)
            .AddEndpointFilter<ControlKeyFilter>()
            // With Emulator:Control:ApiKey set, every route answers 401 without the key; and every route refuses a
            // malformed client-request-id with 400 before it runs.
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        var tenants = group.MapGroup("/tenants").WithTags("Tenants");

        tenants.MapGet("", ListTenants)
            .WithName("ListTenants").WithSummary("List tenants")
            .WithDescription("Every tenant the emulator holds, in the tenants-file shape.");
        tenants.MapGet("/{tenantId}", GetTenant)
            .WithName("GetTenant").WithSummary("Get a tenant")
            .WithDescription("One tenant in the tenants-file shape.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPut("/{tenantId}", PutTenant)
            .WithName("PutTenant").WithSummary("Create or replace a tenant")
            .WithDescription("Creates the tenant (201) or replaces its directory (200), validated like the tenants file. Its settings are kept, "
                + "unless the new directory would make them invalid (400).")
            .Produces<TenantDocument>(StatusCodes.Status200OK)
            .Produces<TenantDocument>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, context, _) => ControlOpenApi.Body<TenantDocument>(operation, context));
        tenants.MapDelete("/{tenantId}", DeleteTenant)
            .WithName("DeleteTenant").WithSummary("Delete a tenant")
            .WithDescription("Removes the tenant and everything it holds.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{tenantId}/reset", ResetTenant)
            .WithName("ResetTenant").WithSummary("Reset a tenant")
            .WithDescription("Returns the tenant's settings (and photos and clock) to a fresh tenant's; its directory stays.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/tokens", MintToken)
            .WithTags("Tokens").WithName("MintToken").WithSummary("Mint an access token")
            .WithDescription("A token signed by the emulator, valid in every auth mode. With userId it is delegated (scp, and wids defaulting "
                + "to the user's roles); without, an application token (roles). Send Accept: text/plain to get the bare token.")
            .Produces<TokenResponse>(StatusCodes.Status200OK)
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, context, _) => ControlOpenApi.Body<TokenRequest>(operation, context));

        group.MapGet("/certificate", GetCertificate)
            .WithTags("HTTPS").WithName("GetCertificate").WithSummary("The emulator's HTTPS certificate (PEM)")
            .WithDescription("The self-signed certificate the https endpoint serves, for clients to trust "
                + "(NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, a .NET handler). 404 when HTTPS is off or uses your own certificate.")
            .Produces<string>(StatusCodes.Status200OK, "application/x-pem-file")
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapClock(group, tenants);
        MapApplications(group, tenants);
        MapTimeline(tenants);
        MapSettings(group);
        MapPhotoAccess(tenants);
        MapState(group);
        MapFaults(group);
        MapProxy(group);
        return group;
    }

    public static async Task<Ok<TenantDocument[]>> ListTenants(TenantService tenants) =>
        TypedResults.Ok((await tenants.AllAsync()).Select(t => TenantDocument.From(t.Tenant)).ToArray());

    public static async Task<Results<Ok<TenantDocument>, ControlProblem>> GetTenant(string tenantId, TenantService tenants) =>
        await LookupAsync(tenantId, tenants) is { } state
            ? TypedResults.Ok(TenantDocument.From(state.Tenant))
            : Missing(tenantId);

    public static async Task<Results<Ok<TenantDocument>, Created<TenantDocument>, ControlProblem>> PutTenant(string tenantId, HttpRequest request, TenantService tenants)
    {
        if (!Guid.TryParse(tenantId, out var id))
        {
            return ControlProblem.BadRequest($"'{ClientText.Clip(tenantId)}' is not a tenant id (a GUID).");
        }

        var (document, problem) = await ControlJson.ReadAsync(request, EmulatorJsonContext.Default.TenantDocument);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await tenants.PutAsync(id, document!);
        if (outcome.Problems.Count > 0)
        {
            return ControlProblem.Invalid(outcome.Problems);
        }

        var body = TenantDocument.From(outcome.State!.Tenant);
        return outcome.Created
            ? TypedResults.Created($"/_emulator/tenants/{id}", body)
            : TypedResults.Ok(body);
    }

    public static async Task<Results<NoContent, ControlProblem>> DeleteTenant(string tenantId, TenantService tenants) =>
        Guid.TryParse(tenantId, out var id) && await tenants.DeleteAsync(id) ? TypedResults.NoContent() : Missing(tenantId);

    public static async Task<Results<NoContent, ControlProblem>> ResetTenant(string tenantId, TenantService tenants) =>
        Guid.TryParse(tenantId, out var id) && await tenants.ResetAsync(id) is not null ? TypedResults.NoContent() : Missing(tenantId);

    public static async Task<Results<Ok<TokenResponse>, ContentHttpResult, ControlProblem>> MintToken(
        HttpRequest request, TenantService tenants, TokenIssuer issuer, IValidator<TokenRequest> validator)
    {
        var (body, problem) = await ControlJson.ReadAsync(request, EmulatorJsonContext.Default.TokenRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = validator.Validate(body!);
        if (!validation.IsValid)
        {
            return ControlProblem.Invalid(validation.Errors);
        }

        if (await tenants.FindAsync(Guid.Parse(body!.TenantId!)) is not { } state)
        {
            return Missing(body.TenantId!);
        }

        TenantUser? user = null;
        if (body.UserId is { } userId && (user = state.Tenant.FindUser(userId.Trim())) is null)
        {
            return ControlProblem.NotFound($"Tenant '{state.Tenant.Id}' has no user '{ClientText.Clip(userId)}'.");
        }

        var minted = issuer.Mint(new TokenGrant(
            state.Tenant, user, body.AppId?.Trim(), body.Scopes, body.Roles,
            body.Wids?.Select(w => Guid.Parse(w).ToString()).ToArray(), body.LifetimeOrDefault));
        var wantsText = request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
        return wantsText
            ? TypedResults.Text(minted.AccessToken, "text/plain")
            : TypedResults.Ok(new TokenResponse(minted.AccessToken, "Bearer", minted.ExpiresOn));
    }

    public static Results<ContentHttpResult, ControlProblem> GetCertificate(IServiceProvider services) =>
        services.GetService<EmulatorCertificate>() is { } certificate
            ? TypedResults.Text(certificate.Pem, "application/x-pem-file")
            : ControlProblem.NotFound(
                "The emulator serves no certificate of its own: HTTPS is off (Emulator:Https:Enabled, --https) or Kestrel was given your certificate.");

    private static ValueTask<TenantState?> LookupAsync(string tenantId, TenantService tenants) =>
        Guid.TryParse(tenantId, out var id) ? tenants.FindAsync(id) : new((TenantState?)null);

    private static ControlProblem Missing(string tenantId) =>
        ControlProblem.NotFound($"There is no tenant '{ClientText.Clip(tenantId)}' in this emulator.");
}
