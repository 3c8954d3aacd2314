using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>A tenant's configured photoUpdateSettings must still keep <see cref="SettingsRules"/> with a replaced directory.</summary>
public sealed class PhotoUpdateSettingsDirectoryRule(RoleCatalog roles) : IDirectoryRule
{
    public IEnumerable<(string Field, string Message)> Conflicts(TenantState current, Tenant replacement)
    {
        var settings = current.Configured;
        return SettingsRules.Check(settings.Source, settings.AllowedRoles, SettingsRules.Owner.Of(replacement), roles)
            .Select(p => (
                // The directory field that broke the rule: the identity model, or the custom roles an allowed role named.
                p.Path == "source" ? "identityModel" : "customRoles",
                $"The tenant's photoUpdateSettings would break a rule with this directory: {p.Message} Reset the tenant or change its settings first."));
    }
}
