using Microsoft.IdentityModel.JsonWebTokens;

namespace PhotoSettings.Emulator.Graph;

/// <summary>
/// Who is calling the Graph surface: the tenant a request reads and changes (the token's <c>tid</c>,
/// nothing else), whether it is a user (delegated) or an application, its permissions and its roles.
/// </summary>
public sealed record GraphCaller(
    Guid TenantId,
    Guid? ObjectId,
    bool IsDelegated,
    IReadOnlySet<string> Permissions,
    IReadOnlySet<string> RoleIds)
{
    private static readonly IReadOnlySet<string> AllPermissions = GraphPermissions.All.ToHashSet(StringComparer.OrdinalIgnoreCase);
    private static readonly IReadOnlySet<string> NoRoles = new HashSet<string>();

    /// <summary>Auth mode Off: an application with every permission.</summary>
    public static GraphCaller Unrestricted(Guid tenantId) => new(tenantId, null, false, AllPermissions, NoRoles);

    /// <summary>A token with <c>scp</c> is delegated; without, it is an application's (<c>roles</c>).</summary>
    public static GraphCaller FromToken(JsonWebToken token, Guid tenantId)
    {
        var delegated = token.TryGetPayloadValue<string>("scp", out var scp);
        var permissions = delegated
            ? scp.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : token.Claims.Where(c => c.Type == "roles").Select(c => c.Value);
        var roles = token.Claims.Where(c => c.Type == "wids").Select(c => c.Value.Trim().ToLowerInvariant());
        return new GraphCaller(
            tenantId,
            token.TryGetPayloadValue<string>("oid", out var oid) && Guid.TryParse(oid, out var objectId) ? objectId : null,
            delegated,
            permissions.ToHashSet(StringComparer.OrdinalIgnoreCase),
            roles.ToHashSet());
    }

    public static GraphCaller Of(HttpContext httpContext) =>
        httpContext.Features.Get<GraphCaller>()
        ?? throw new InvalidOperationException("No Graph caller: the endpoint is missing GraphAccessFilter.");

    public bool HasAnyPermission(IEnumerable<string> permissions) => permissions.Any(Permissions.Contains);

    public bool HasAnyRole(IEnumerable<string> roleIds) => roleIds.Any(RoleIds.Contains);
}
