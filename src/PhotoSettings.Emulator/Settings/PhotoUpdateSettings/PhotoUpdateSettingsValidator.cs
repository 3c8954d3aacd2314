using FluentValidation;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

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
