using FluentValidation;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// The rules photoUpdateSettings keep for the tenant that holds them, written once with one wording: a PATCH
/// or POST (<c>PhotoUpdateSettingsValidator</c>, <c>SettingsRequestValidator</c>), a tenant's PUT (its new
/// directory must still fit its settings) and a state import or tenants file all call these.
/// </summary>
public static class SettingsRules
{
    public const int MaxAllowedRoles = 100;

    /// <summary>The tenant a rule judges settings against: its name, whether it is hybrid, and its own role ids.</summary>
    public sealed record Owner(string DisplayName, bool IsHybrid, Func<Guid, bool> HasCustomRole)
    {
        public static Owner Of(Tenant tenant) =>
            new(tenant.DisplayName, tenant.IdentityModel == IdentityModel.Hybrid, tenant.HasCustomRole);

        /// <summary>The tenant of a document being validated (a tenants file, a state import).</summary>
        public static Owner Of(TenantFacts facts) => new(facts.DisplayName, facts.IsHybrid, facts.CustomRoleIds.Contains);
    }

    public static bool TryParseSource(string? text, out PhotoUpdateSource source) => PhotoUpdateSettings.TryParseSource(text, out source);

    /// <summary>A role template id: a GUID in any of .NET's standard forms, surrounding white space ignored.</summary>
    public static bool TryParseRoleId(string? text, out Guid id) => Guid.TryParse(text?.Trim(), out id);

    /// <summary>'onPremises' needs a hybrid tenant.</summary>
    public static string? SourceProblem(PhotoUpdateSource? source, Owner owner) =>
        source == PhotoUpdateSource.OnPremises && !owner.IsHybrid
            ? "'onPremises' is available only to hybrid tenants, whose users are synced from on-premises by directory sync; "
                + $"tenant '{owner.DisplayName}' is cloud-only, so its photos can only be managed in the cloud."
            : null;

    /// <summary>No allowed roles with 'onPremises'.</summary>
    public static string? RolesWithSourceProblem(PhotoUpdateSource? source, int roleCount) =>
        source == PhotoUpdateSource.OnPremises && roleCount > 0
            ? "'allowedRoles' must be empty when 'source' is 'onPremises': role restrictions apply only to photos "
                + "managed in the cloud, and tenants whose photos come from on-premises cannot restrict who updates them."
            : null;

    /// <summary>At most <see cref="MaxAllowedRoles"/> allowed roles.</summary>
    public static string? CountProblem(int roleCount) =>
        roleCount > MaxAllowedRoles ? $"'allowedRoles' has {roleCount} entries; at most {MaxAllowedRoles} are allowed." : null;

    /// <summary>Each allowed role is a built-in role template id or one of the tenant's own; <paramref name="target"/> names it.</summary>
    public static string? RoleProblem(string target, string? text, Owner owner, Roles.RoleCatalog roles) =>
        !TryParseRoleId(text, out var id) ? $"{target} '{Primitives.ClientText.Clip(text)}' is not a role template id (a GUID)."
        : !roles.IsBuiltIn(id) && !owner.HasCustomRole(id) ? $"{target} '{id}' is neither an Entra built-in role template id nor a custom role of this tenant."
        : null;

    /// <summary>
    /// Every rule at once, for settings that are already parsed (a stored version, a tenant's current settings):
    /// each problem with the JSON path it is about (<c>source</c>, <c>allowedRoles</c>, <c>allowedRoles[i]</c>).
    /// </summary>
    public static List<(string Path, string Message)> Check(PhotoUpdateSource? source, IReadOnlyList<string> allowedRoles, Owner owner, Roles.RoleCatalog roles)
    {
        var problems = new List<(string, string)>();
        if (SourceProblem(source, owner) is { } sourceProblem)
        {
            problems.Add(("source", sourceProblem));
        }

        if (RolesWithSourceProblem(source, allowedRoles.Count) is { } withSource)
        {
            problems.Add(("allowedRoles", withSource));
        }

        if (CountProblem(allowedRoles.Count) is { } count)
        {
            problems.Add(("allowedRoles", count));
            return problems;
        }

        for (var i = 0; i < allowedRoles.Count; i++)
        {
            if (RoleProblem($"allowedRoles[{i}]", allowedRoles[i], owner, roles) is { } role)
            {
                problems.Add(($"allowedRoles[{i}]", role));
            }
        }

        return problems;
    }
}

/// <summary>
/// Rules on the settings a write would produce (after a PATCH is merged), judged against the tenant
/// (passed in the root context data). The rules themselves are <see cref="SettingsRules"/>'.
/// </summary>
public sealed class PhotoUpdateSettingsValidator : AbstractValidator<PhotoUpdateSettings>
{
    public PhotoUpdateSettingsValidator()
    {
        RuleFor(s => s).Custom((settings, context) =>
        {
            var tenant = SettingValidation.TenantOf(context);
            if (SettingsRules.SourceProblem(settings.Source, SettingsRules.Owner.Of(tenant.Tenant)) is { } source)
            {
                context.AddFailure(SettingsRequest.SourceName, source);
            }

            if (SettingsRules.RolesWithSourceProblem(settings.Source, settings.AllowedRoles.Length) is { } roles)
            {
                context.AddFailure(SettingsRequest.AllowedRolesName, roles);
            }
        });
    }

    public static ValidationContext<PhotoUpdateSettings> ContextFor(PhotoUpdateSettings settings, TenantState tenant) =>
        SettingValidation.For(settings, tenant);
}
