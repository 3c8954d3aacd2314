using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Auth;

/// <summary>Judges a caller against a <see cref="GraphPermissionRequirement"/>, answering Graph's 403 with the reason.</summary>
public sealed class PermissionChecker(RoleCatalog roles)
{
    /// <summary>Null when the caller meets the requirement; otherwise the 403 that says why.</summary>
    public GraphError? Check(GraphCaller caller, GraphPermissionRequirement requirement)
    {
        if (!caller.HasAnyPermission(requirement.AnyPermission))
        {
            return GraphErrors.Forbidden(
                $"The token grants none of {string.Join(", ", requirement.AnyPermission)} "
                + $"(looked for in '{(caller.IsDelegated ? "scp" : "roles")}').");
        }

        if (caller.IsDelegated && requirement.DelegatedRoles.Count > 0 && !caller.HasAnyRole(requirement.DelegatedRoles))
        {
            return GraphErrors.Forbidden(
                "A signed-in user also needs one of these Entra roles (in 'wids'): " + RoleNames(requirement.DelegatedRoles) + ".");
        }

        return null;
    }

    public string RoleNames(IEnumerable<string> roleIds) =>
        string.Join(", ", roleIds.Select(r => Guid.TryParse(r, out var id) && roles.DisplayName(id) is { } name ? name : r));
}
