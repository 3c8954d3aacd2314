using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;

namespace PhotoSettings.Emulator.Graph;

/// <summary>Judges a caller against a <see cref="GraphPermissionRequirement"/>, with the reason a caller falls short.</summary>
public sealed class PermissionChecker(RoleCatalog roles)
{
    /// <summary>Null when the caller meets the requirement; otherwise why not (Graph's 403).</summary>
    public DomainError? Check(GraphCaller caller, GraphPermissionRequirement requirement)
    {
        if (requirement.DelegatedOnly && !caller.IsDelegated)
        {
            return new DomainError(DomainErrorKind.PermissionDenied,
                "This operation does not support application permissions: it needs a signed-in user (a delegated token with "
                + string.Join(" or ", requirement.AnyPermission) + " in 'scp').");
        }

        if (!caller.HasAnyPermission(requirement.AnyPermission))
        {
            return new DomainError(DomainErrorKind.PermissionDenied,
                $"The token grants none of {string.Join(", ", requirement.AnyPermission)} "
                + $"(looked for in '{(caller.IsDelegated ? "scp" : "roles")}').");
        }

        if (caller.IsDelegated && requirement.DelegatedRoles.Count > 0 && !caller.HasAnyRole(requirement.DelegatedRoles))
        {
            return new DomainError(DomainErrorKind.PermissionDenied,
                "A signed-in user also needs one of these Entra roles (in 'wids'): " + RoleNames(requirement.DelegatedRoles) + ".");
        }

        return null;
    }

    public string RoleNames(IEnumerable<string> roleIds) =>
        string.Join(", ", roleIds.Select(r => Guid.TryParse(r, out var id) && roles.DisplayName(id) is { } name ? name : r));
}
