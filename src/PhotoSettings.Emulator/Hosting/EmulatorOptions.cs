using Microsoft.Extensions.Options;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>Start-up configuration under <c>Emulator:</c>. Every option is in the README's configuration table.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    public OpenApiSettings OpenApi { get; set; } = new();

    /// <summary>A JSON tenants file loaded at start-up (see samples/tenants.json).</summary>
    public string? TenantsFile { get; set; }

    public TenantsSettings Tenants { get; set; } = new();

    public AuthSettings Auth { get; set; } = new();

    public ControlSettings Control { get; set; } = new();

    public PropagationSettings Propagation { get; set; } = new();

    public HttpsSettings Https { get; set; } = new();

    /// <summary>Where the emulator keeps files (its HTTPS certificate, its database); relative to the working directory.</summary>
    public string DataDir { get; set; } = "data";

    public StorageSettings Storage { get; set; } = new();

    public JournalSettings Journal { get; set; } = new();

    /// <summary>Fault rules in force from the start (the same shape as <c>POST /_emulator/faults</c>).</summary>
    public List<Faults.FaultRuleDocument> Faults { get; set; } = [];
}

public sealed class JournalSettings
{
    /// <summary>How many Graph requests the journal keeps; 0 turns it off.</summary>
    public int Capacity { get; set; } = 1000;
}

public enum StorageProvider
{
    /// <summary>State lives in memory and is gone when the process stops.</summary>
    InMemory,

    /// <summary>State is written through to a SQLite database and survives restarts and crashes.</summary>
    Sqlite,
}

public sealed class StorageSettings
{
    public StorageProvider Provider { get; set; } = StorageProvider.InMemory;

    /// <summary>The SQLite database; <c>&lt;DataDir&gt;/photosettings.db</c> when not set.</summary>
    public string? Path { get; set; }
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

public enum PropagationMode
{
    /// <summary>Every change takes exactly <c>Delay</c>.</summary>
    Fixed,

    /// <summary>Every change takes a delay drawn uniformly in [0, <c>Delay</c>] from a seeded generator.</summary>
    Random,
}

/// <summary>How long settings changes take to reach Microsoft 365 ("up to 24 hours").</summary>
public sealed class PropagationSettings
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    /// <summary>
    /// <c>hh:mm:ss</c> (hours may exceed 23), ISO 8601 (<c>PT24H</c>) or <c>d.hh:mm:ss</c>;
    /// <c>00:00:00</c> makes changes take effect at once.
    /// </summary>
    public string Delay { get; set; } = "24:00:00";

    /// <summary>The parsed <see cref="Delay"/> (validated at start-up).</summary>
    public TimeSpan DelayValue => DurationText.TryParse(Delay, out var delay) ? delay : TimeSpan.FromHours(24);

    public PropagationMode Mode { get; set; } = PropagationMode.Fixed;

    public long Seed { get; set; }

    /// <summary>
    /// How many changes one tenant may have pending; a change beyond it supersedes the oldest pending one,
    /// which then never takes effect on its own. Bounds a tenant's memory under a day of writes.
    /// </summary>
    public int MaxPendingChanges { get; set; } = DefaultMaxPendingChanges;

    public const int DefaultMaxPendingChanges = 10_000;

    public const int MaxMaxPendingChanges = 1_000_000;
}

public sealed class OpenApiSettings
{
    /// <summary>Serve the OpenAPI documents at <c>/openapi/{v1|control}.json</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve Swagger UI at <c>/swagger</c> (needs the documents).</summary>
    public bool SwaggerUi { get; set; } = true;
}

public sealed class TenantsSettings
{
    /// <summary>A token for an unknown tenant creates an empty cloud-only tenant (Loose mode only).</summary>
    public bool AutoProvision { get; set; } = true;

    /// <summary>Start with the two built-in tenants, beside those of the tenants file.</summary>
    public bool IncludeDefaults { get; set; } = true;
}

/// <summary>How the Graph surface checks callers.</summary>
public enum AuthMode
{
    /// <summary>A well-formed, unexpired JWT with <c>tid</c>; the signature is not checked.</summary>
    Loose,

    /// <summary>Only tokens the emulator signed, for Graph's audience, for a tenant that exists.</summary>
    Strict,

    /// <summary>No token; every request is an all-powerful application in the default hybrid tenant.</summary>
    Off,
}

public sealed class AuthSettings
{
    public AuthMode Mode { get; set; } = AuthMode.Loose;
}

public sealed class ControlSettings
{
    /// <summary>Map the control API under <c>/_emulator</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When set, every control call must send it in <c>X-Emulator-Key</c>.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Refuses a configuration that cannot work, at start-up rather than on first use.</summary>
public sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        var problems = new List<string>();
        if (options.OpenApi.SwaggerUi && !options.OpenApi.Enabled)
        {
            problems.Add("Emulator:OpenApi:SwaggerUi=true needs Emulator:OpenApi:Enabled=true: Swagger UI shows the OpenAPI document.");
        }

        if (!Enum.IsDefined(options.Auth.Mode))
        {
            problems.Add($"Emulator:Auth:Mode '{options.Auth.Mode}' is not Loose, Strict or Off.");
        }

        if (!DurationText.TryParse(options.Propagation.Delay, out var delay) || delay < TimeSpan.Zero || delay > PropagationSettings.MaxDelay)
        {
            problems.Add($"Emulator:Propagation:Delay '{options.Propagation.Delay}' must be a duration (hh:mm:ss, PT24H or d.hh:mm:ss) from 00:00:00 to 365 days.");
        }

        if (!Enum.IsDefined(options.Propagation.Mode))
        {
            problems.Add($"Emulator:Propagation:Mode '{options.Propagation.Mode}' is not Fixed or Random.");
        }

        if (options.Propagation.MaxPendingChanges is < 1 or > PropagationSettings.MaxMaxPendingChanges)
        {
            problems.Add($"Emulator:Propagation:MaxPendingChanges {options.Propagation.MaxPendingChanges} must be from 1 to 1000000.");
        }

        if (options.Journal.Capacity is < 0 or > 1_000_000)
        {
            problems.Add($"Emulator:Journal:Capacity {options.Journal.Capacity} must be from 0 to 1000000.");
        }

        var faultValidator = new Faults.FaultRuleValidator();
        for (var i = 0; i < options.Faults.Count; i++)
        {
            problems.AddRange(faultValidator.Validate(options.Faults[i]).Errors.Select(e => $"Emulator:Faults:{i}: {e.ErrorMessage}"));
        }

        if (!Enum.IsDefined(options.Storage.Provider))
        {
            problems.Add($"Emulator:Storage:Provider '{options.Storage.Provider}' is not InMemory or Sqlite.");
        }

        if (options.Https.Port is < 1 or > 65535)
        {
            problems.Add($"Emulator:Https:Port {options.Https.Port} is not a TCP port (1-65535).");
        }

        if (options.Control.ApiKey is { Length: > 0 } key && string.IsNullOrWhiteSpace(key))
        {
            problems.Add("Emulator:Control:ApiKey is blank; leave it unset or give it a value.");
        }

        if (options.TenantsFile is { Length: > 0 } file && !File.Exists(file))
        {
            problems.Add($"Emulator:TenantsFile '{Path.GetFullPath(file)}' does not exist.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
