using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PhotoSettings.Emulator.Auth;

/// <summary><c>Emulator:ManagedIdentity</c>: the App Service-shaped managed-identity endpoint.</summary>
public sealed class ManagedIdentityOptions
{
    public const string Section = "Emulator:ManagedIdentity";

    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    /// <summary>Serve <c>GET /_emulator/msi/token</c> (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// What callers send in <c>X-IDENTITY-HEADER</c> (App Service's <c>IDENTITY_HEADER</c>). Unset: a random one per
    /// process, read from <c>GET /_emulator/managed-identity</c>. Never logged.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>The application a request naming no identity gets a token as (the system-assigned identity).</summary>
    public string? ClientId { get; set; }
}

public sealed class ManagedIdentityOptionsValidator : IValidateOptions<ManagedIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagedIdentityOptions options)
    {
        List<string> problems = [];
        if (options.Secret is { } secret
            && (secret.Length is < ManagedIdentityOptions.MinSecretLength or > ManagedIdentityOptions.MaxSecretLength || secret.Any(c => c is < '!' or > '~')))
        {
            problems.Add($"{ManagedIdentityOptions.Section}:Secret must be {ManagedIdentityOptions.MinSecretLength} to {ManagedIdentityOptions.MaxSecretLength} "
                + "visible ASCII characters (it travels in a header).");
        }

        if (options.ClientId is { } clientId && !Guid.TryParse(clientId, out _))
        {
            problems.Add($"{ManagedIdentityOptions.Section}:ClientId is not a GUID (an application's client id).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>The secret the managed-identity endpoint asks for: the configured one, or one made for this process.</summary>
public sealed class ManagedIdentitySecret(IOptions<ManagedIdentityOptions> options)
{
    public string Value { get; } = options.Value.Secret ?? Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(Value));
}
