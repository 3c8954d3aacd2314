namespace PhotoSettings.Emulator.Hosting;

/// <summary>Start-up configuration under <c>Emulator:</c>. Every option is in the README's configuration table.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    public OpenApiSettings OpenApi { get; set; } = new();
}

public sealed class OpenApiSettings
{
    /// <summary>Serve the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve Swagger UI at <c>/swagger</c> (needs the document).</summary>
    public bool SwaggerUi { get; set; } = true;
}

/// <summary>Refuses a configuration that cannot work, at start-up rather than on first use.</summary>
public sealed class EmulatorOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<EmulatorOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, EmulatorOptions options) =>
        options.OpenApi.SwaggerUi && !options.OpenApi.Enabled
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                "Emulator:OpenApi:SwaggerUi=true needs Emulator:OpenApi:Enabled=true: Swagger UI shows the OpenAPI document.")
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
