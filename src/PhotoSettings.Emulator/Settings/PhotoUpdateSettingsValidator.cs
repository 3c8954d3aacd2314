using FluentValidation;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>
/// Rules on the settings a write would produce (after a PATCH is merged), judged against the tenant
/// (passed in the root context data): what the seed says a tenant may and may not configure.
/// </summary>
public sealed class PhotoUpdateSettingsValidator : AbstractValidator<PhotoUpdateSettings>
{
    public PhotoUpdateSettingsValidator()
    {
        RuleFor(s => s.Source).Custom((source, context) =>
        {
            var tenant = (TenantState)context.RootContextData[SettingsRequestValidator.TenantKey];
            if (source == PhotoUpdateSource.OnPremises && tenant.Tenant.IdentityModel != IdentityModel.Hybrid)
            {
                context.AddFailure(SettingsRequest.SourceName,
                    $"'onPremises' is available only to hybrid tenants, whose users are synced from on-premises by directory sync; "
                    + $"tenant '{tenant.Tenant.DisplayName}' is cloud-only, so its photos can only be managed in the cloud.");
            }
        });

        RuleFor(s => s.AllowedRoles)
            .Must(roles => roles.IsEmpty)
            .When(s => s.Source == PhotoUpdateSource.OnPremises)
            .OverridePropertyName(SettingsRequest.AllowedRolesName)
            .WithMessage("'allowedRoles' must be empty when 'source' is 'onPremises': role restrictions apply only to photos "
                + "managed in the cloud, and tenants whose photos come from on-premises cannot restrict who updates them.");
    }

    public static ValidationContext<PhotoUpdateSettings> ContextFor(PhotoUpdateSettings settings, TenantState tenant)
    {
        var context = new ValidationContext<PhotoUpdateSettings>(settings);
        context.RootContextData[SettingsRequestValidator.TenantKey] = tenant;
        return context;
    }
}
