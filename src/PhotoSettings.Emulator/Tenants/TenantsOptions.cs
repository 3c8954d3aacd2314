using FluentValidation;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Tenants;

/// <summary><c>Emulator:Tenants</c>, and the tenants file (<c>Emulator:TenantsFile</c>).</summary>
public sealed class TenantsOptions
{
    public const string Section = "Emulator:Tenants";

    /// <summary>A token for an unknown tenant creates an empty cloud-only tenant (Loose mode only).</summary>
    public bool AutoProvision { get; set; } = true;

    /// <summary>
    /// Auto-provisioning stops once the emulator holds this many tenants, so a stream of made-up tenant ids cannot
    /// grow it without end: past it, a token for an unknown tenant is refused with 401.
    /// </summary>
    public int AutoProvisionLimit { get; set; } = 1000;

    /// <summary>Start with the two built-in tenants, beside those of the tenants file.</summary>
    public bool IncludeDefaults { get; set; } = true;

    /// <summary>A JSON tenants file loaded at start-up (see samples/tenants.json), from <c>Emulator:TenantsFile</c>.</summary>
    public string? File { get; set; }
}

public sealed class TenantsOptionsValidator : IValidateOptions<TenantsOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantsOptions options) =>
        options.File is { Length: > 0 } file && !System.IO.File.Exists(file)
            ? ValidateOptionsResult.Fail($"Emulator:TenantsFile '{Path.GetFullPath(file)}' does not exist.")
            : options.AutoProvisionLimit < 0
            ? ValidateOptionsResult.Fail($"Emulator:Tenants:AutoProvisionLimit {options.AutoProvisionLimit} is negative; give 0 or more.")
            : ValidateOptionsResult.Success;
}

public static class TenantsServices
{
    /// <summary>Tenants: the document rules, the start-up seed, the tenant service and the emulated clock (the store is Storage's).</summary>
    public static IServiceCollection AddTenants(this IServiceCollection services)
    {
        services.AddClosedOptions<TenantsOptions>().BindConfiguration(TenantsOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.File = configuration["Emulator:TenantsFile"])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TenantsOptions>, TenantsOptionsValidator>();
        services.AddSingleton<IValidator<TenantDocument>, TenantDocumentValidator>();
        services.AddSingleton<SettingKinds>();
        services.AddSingleton<TenantSeed>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<EmulatorClock>();
        return services;
    }
}
