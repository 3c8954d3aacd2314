using Microsoft.Extensions.Options;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// What hosting itself reads under <c>Emulator:</c> (the OpenAPI documents and Swagger UI, the https endpoint, the start-up tokens).
/// Each feature binds its own section in its own <c>AddXxx()</c>. Every option is in docs/configuration.md.
/// </summary>
public sealed class HostingOptions
{
    public const string Section = "Emulator";

    public OpenApiSettings OpenApi { get; set; } = new();

    public HttpsSettings Https { get; set; } = new();

    /// <summary>Print an admin token for each built-in tenant at start-up (<c>--print-tokens</c>).</summary>
    public bool PrintTokens { get; set; }

    /// <summary>
    /// Host names accepted besides localhost, 127.0.0.1, [::1] and <c>Https:Hosts</c> (any port); <c>*</c> accepts any
    /// Host and so gives up the protection against DNS rebinding. See <see cref="AllowedHosts"/>.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}

/// <summary>An https endpoint beside the http ones, with a self-signed certificate unless Kestrel has one.</summary>
public sealed class HttpsSettings
{
    public const string Section = "Emulator:Https";

    public bool Enabled { get; set; }

    public int Port { get; set; } = 5081;

    /// <summary>Host names the generated certificate names besides localhost, 127.0.0.1 and ::1.</summary>
    public List<string> Hosts { get; set; } = [];
}

public sealed class OpenApiSettings
{
    /// <summary>Serve the OpenAPI documents at <c>/openapi/{v1|control}.json</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve Swagger UI at <c>/swagger</c> (needs the documents).</summary>
    public bool SwaggerUi { get; set; } = true;
}

/// <summary>Refuses a hosting configuration that cannot work, at start-up rather than on first use.</summary>
public sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var problems = new List<string>();
        if (options.OpenApi.SwaggerUi && !options.OpenApi.Enabled)
        {
            problems.Add("Emulator:OpenApi:SwaggerUi=true needs Emulator:OpenApi:Enabled=true: Swagger UI shows the OpenAPI document.");
        }

        if (options.Https.Port is < 1 or > 65535)
        {
            problems.Add($"Emulator:Https:Port {options.Https.Port} is not a TCP port (1-65535).");
        }

        foreach (var entry in options.AllowedHosts.SelectMany(e => e.Split(';', StringSplitOptions.TrimEntries)))
        {
            if (Hosting.AllowedHosts.Problem(entry) is { } problem)
            {
                problems.Add($"Emulator:AllowedHosts holds host names: {problem}.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
