using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Hosting;
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
        if (requirement is not null && permissions.Check(caller!, requirement) is { } denied)
        {
            return denied;
        }

        httpContext.Features.Set(caller);
        return await next(context);
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

        return (read.Caller, null);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Auto-provisioned an empty cloud-only tenant {TenantId} for a token that named it")]
    private static partial void LogAutoProvisioned(ILogger logger, Guid tenantId);
}
