using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Who is calling the Graph surface, and so which tenant a request reads and changes. Until a
/// caller is established for the request, it acts in the default hybrid tenant.
/// </summary>
public sealed record GraphCaller(Guid TenantId)
{
    public static GraphCaller Of(HttpContext httpContext) =>
        httpContext.Features.Get<GraphCaller>() ?? new GraphCaller(DefaultTenants.HybridId);
}
