using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Hosting;
using PhotoSettings.Emulator.Roles;
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
    RoleCatalog roles,
    IOptions<EmulatorOptions> options,
    ILogger<GraphAccessFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var (caller, error) = await ResolveAsync(httpContext);
        if (error is not null)
        {
            return error;
        }

        var requirement = httpContext.GetEndpoint()?.Metadata.GetMetadata<GraphPermissionRequirement>();
        if (requirement is not null && Check(caller!, requirement) is { } denied)
        {
            return denied;
        }

        httpContext.Features.Set(caller);
        return await next(context);
    }

    /// <summary>Null when the caller meets the requirement; otherwise the 403 that says why.</summary>
    public GraphError? Check(GraphCaller caller, GraphPermissionRequirement requirement)
    {
        if (!caller.HasAnyPermission(requirement.AnyPermission))
        {
            return GraphErrors.Forbidden(
                $"The token grants none of {string.Join(", ", requirement.AnyPermission)} "
                + $"(looked for in '{(caller.IsDelegated ? "scp" : "roles")}').");
        }

        if (caller.IsDelegated && !caller.HasAnyRole(requirement.DelegatedRoles))
        {
            return GraphErrors.Forbidden(
                "A signed-in user also needs one of these Entra roles (in 'wids'): "
                + string.Join(", ", requirement.DelegatedRoles.Select(r => roles.DisplayName(Guid.Parse(r)) ?? r)) + ".");
        }

        return null;
    }

    private async Task<(GraphCaller? Caller, GraphError? Error)> ResolveAsync(HttpContext httpContext)
    {
        var settings = options.Value;
        if (settings.Auth.Mode == AuthMode.Off)
        {
            return (GraphCaller.Unrestricted(DefaultTenants.HybridId), null);
        }

        var read = await reader.ReadAsync(httpContext.Request.Headers.Authorization);
        if (read.Failure is not null)
        {
            return (null, GraphErrors.Unauthorized(read.Failure));
        }

        if (store.Find(read.TenantId) is null)
        {
            if (settings.Auth.Mode == AuthMode.Strict || !settings.Tenants.AutoProvision)
            {
                return (null, GraphErrors.Unauthorized($"Access token validation failure. Tenant '{read.TenantId}' does not exist in this emulator."));
            }

            store.Change(read.TenantId, current => current ?? TenantState.New(
                new Tenant(read.TenantId, $"Tenant {read.TenantId}", IdentityModel.CloudOnly)));
            LogAutoProvisioned(logger, read.TenantId);
        }

        return (GraphCaller.FromToken(read.Token!, read.TenantId), null);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Auto-provisioned an empty cloud-only tenant {TenantId} for a token that named it")]
    private static partial void LogAutoProvisioned(ILogger logger, Guid tenantId);
}
