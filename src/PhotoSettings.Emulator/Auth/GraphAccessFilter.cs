using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Auth;

/// <summary>
/// Guards every Graph endpoint: establishes the caller from its token (401 when it cannot), finds or
/// auto-provisions the caller's tenant, and checks the endpoint's <see cref="GraphPermissionRequirement"/>
/// (403 when unmet). Handlers then read <see cref="GraphCaller.Of"/>.
/// </summary>
public sealed partial class GraphAccessFilter(
    AccessTokenReader reader,
    ITenantStore store,
    PermissionChecker permissions,
    IOptions<AuthOptions> auth,
    IOptions<TenantsOptions> tenants,
    ILogger<GraphAccessFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var (caller, provision, error) = await ResolveAsync(httpContext);
        if (error is not null)
        {
            return error;
        }

        var requirement = httpContext.GetEndpoint()?.Metadata.GetMetadata<GraphPermissionRequirement>();
        if (requirement is not null && permissions.Check(caller!, requirement) is { } denied)
        {
            return GraphErrors.From(denied);
        }

        // A refused request changes nothing: an unknown tenant is provisioned only for a request that
        // passed its permission check.
        if (provision)
        {
            await store.ChangeAsync(caller!.TenantId, current => current ?? TenantState.New(
                new Tenant(caller.TenantId, $"Tenant {caller.TenantId}", IdentityModel.CloudOnly)));
            LogAutoProvisioned(logger, caller.TenantId);
        }

        httpContext.Features.Set(caller);
        return await next(context);
    }

    // A ValueTask: with a known token and tenant it completes at once, and a Task of the tuple was an allocation per request.
    private async ValueTask<(GraphCaller? Caller, bool Provision, GraphError? Error)> ResolveAsync(HttpContext httpContext)
    {
        var mode = auth.Value.Mode;
        if (mode == AuthMode.Off)
        {
            return (GraphCaller.Unrestricted(DefaultTenants.HybridId), false, null);
        }

        var authorization = httpContext.Request.Headers.Authorization;
        if (authorization.Count > 1)
        {
            return (null, false, GraphErrors.Unauthorized(
                $"Access token validation failure. The request carries {authorization.Count} Authorization headers; send exactly one.", tokenSent: true));
        }

        if (authorization.Count == 1 && authorization[0]!.Length > AccessTokenReader.MaxAuthorizationLength)
        {
            // Refused before it is parsed or kept: a token is a few kilobytes, and the cache holds only what passed.
            return (null, false, GraphErrors.Unauthorized(
                $"Access token validation failure. The Authorization header is {authorization[0]!.Length} characters long; the emulator reads at most {AccessTokenReader.MaxAuthorizationLength}.",
                tokenSent: true));
        }

        var read = await reader.ReadAsync(authorization);
        if (read.Failure is not null)
        {
            return (null, false, GraphErrors.Unauthorized(read.Failure, read.TokenSent));
        }

        var provision = false;
        if (await store.FindAsync(read.TenantId) is null)
        {
            if (mode == AuthMode.Strict || !tenants.Value.AutoProvision)
            {
                return (null, false, GraphErrors.Unauthorized($"Access token validation failure. Tenant '{read.TenantId}' does not exist in this emulator.", tokenSent: true));
            }

            var limit = tenants.Value.AutoProvisionLimit;
            if ((await store.AllAsync()).Count >= limit)
            {
                return (null, false, GraphErrors.Unauthorized(
                    $"Access token validation failure. Tenant '{read.TenantId}' does not exist in this emulator, and it provisions no more: it holds "
                    + $"{limit} tenants or more (Emulator:Tenants:AutoProvisionLimit). Create the tenant with PUT /_emulator/tenants/{{tenantId}}, or remove some.",
                    tokenSent: true));
            }

            provision = true;
        }

        return (read.Caller, provision, null);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Auto-provisioned an empty cloud-only tenant {TenantId} for a token that named it")]
    private static partial void LogAutoProvisioned(ILogger logger, Guid tenantId);
}
