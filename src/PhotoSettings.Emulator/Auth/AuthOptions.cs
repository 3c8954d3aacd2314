using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Auth;

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

/// <summary><c>Emulator:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Emulator:Auth";

    public AuthMode Mode { get; set; } = AuthMode.Loose;
}

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        Enum.IsDefined(options.Mode)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Emulator:Auth:Mode '{options.Mode}' is not Loose, Strict or Off.");
}

public static class AuthServices
{
    /// <summary>Tokens: the signing key, the issuer, the reader, and the filter that guards the Graph surface.</summary>
    public static IServiceCollection AddEntraAuth(this IServiceCollection services)
    {
        services.AddClosedOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<EmulatorSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AssertionReplayCache>();
        services.AddSingleton<ClientAssertionValidator>();
        services.AddClosedOptions<ManagedIdentityOptions>().BindConfiguration(ManagedIdentityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ManagedIdentityOptions>, ManagedIdentityOptionsValidator>();
        services.AddSingleton<ManagedIdentitySecret>();
        services.AddSingleton<AccessTokenReader>();
        services.AddSingleton<GraphAccessFilter>();
        services.AddSingleton<PermissionChecker>();
        // The Graph document says how a caller authorises: a bearer token, or client credentials at our token endpoint.
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(OpenApiDocuments.Graph, options => options.AddDocumentTransformer<GraphSecuritySchemes>());
        return services;
    }
}
