using FluentValidation;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Control;

/// <summary><c>Emulator:Control</c>.</summary>
public sealed class ControlOptions
{
    public const string Section = "Emulator:Control";

    /// <summary>Map the control API under <c>/_emulator</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When set, every control call must send it in <c>X-Emulator-Key</c>.</summary>
    public string? ApiKey { get; set; }
}

public sealed class ControlOptionsValidator : IValidateOptions<ControlOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlOptions options) =>
        options.ApiKey is { Length: > 0 } key && string.IsNullOrWhiteSpace(key)
            ? ValidateOptionsResult.Fail("Emulator:Control:ApiKey is blank; leave it unset or give it a value.")
            : ValidateOptionsResult.Success;
}

public static class ControlServices
{
    /// <summary>The control API's key filter, request validators and OpenAPI document.</summary>
    public static IServiceCollection AddControlApi(this IServiceCollection services)
    {
        services.AddClosedOptions<ControlOptions>().BindConfiguration(ControlOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControlOptions>, ControlOptionsValidator>();
        services.AddSingleton<ControlKeyFilter>();
        services.AddSingleton<IValidator<TokenRequest>, TokenRequestValidator>();
        services.AddSingleton<IValidator<AdvanceRequest>, AdvanceRequestValidator>();
        services.AddSingleton<IValidator<CertificateRequest>, CertificateRequestValidator>();
        services.AddOpenApi(OpenApiDocuments.Emulator);
        return services;
    }
}
