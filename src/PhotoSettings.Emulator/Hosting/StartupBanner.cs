using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Control;
using PhotoSettings.Emulator.Tenants;
using PhotoSettings.Emulator.WebConsole;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Writes the start-up log once the server listens: the banner, then the certificate and the tokens
/// (<see cref="StartupTokens"/>).
/// </summary>
/// <remarks>
/// It runs as a hosted service's <see cref="IHostedLifecycleService.StartedAsync"/>: after the server listens,
/// and before the host reports itself started, so whoever waits for the start (a test host, a script reading
/// the log) finds the lines already written. (An ApplicationStarted callback ran after that report.)
/// </remarks>
public sealed class StartupLog(IServiceProvider services) : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await StartupBanner.LogAsync(services);
        StartupTokens.Log(services);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The few lines a person needs to start: where Graph, the console, Swagger UI and the token endpoint are, which
/// tenants exist, and how to get a token. One log entry per line, so each stays one escaped line in any format.
/// </summary>
public static partial class StartupBanner
{
    // A tenants file may hold thousands; the banner names the first few and says where the rest are.
    private const int MaxTenantsNamed = 5;

    public static async Task LogAsync(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PhotoSettings.Emulator.Startup");
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var hosting = services.GetRequiredService<IOptions<HostingOptions>>().Value;
        var control = services.GetRequiredService<IOptions<ControlOptions>>().Value;
        var console = services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        // In process (a test host) nothing listens, and the URLs are paths under the host's own address.
        var proxyPort = services.GetRequiredService<IOptions<ProxyOptions>>().Value.Port;
        // The proxy's own line (StartupTokens) names its address: it serves no Graph, console or token endpoint directly.
        var addresses = (services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Where(a => proxyPort is null || !a.EndsWith($":{proxyPort}", StringComparison.Ordinal)).Select(Reachable).ToList();
        var url = addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? "";

        LogListening(logger, addresses.Count == 0 ? "no port (in process)" : string.Join(", ", addresses));
        LogGraph(logger, url + "/beta", url + "/v1.0");
        if (control.Enabled && console.Enabled)
        {
            LogConsole(logger, url + ConsoleApi.Path);
        }

        if (hosting.OpenApi.SwaggerUi)
        {
            LogSwagger(logger, url + "/swagger");
        }

        LogTokenEndpoint(logger, url + "/<tenant-id>/oauth2/v2.0/token");
        var tenants = await services.GetRequiredService<ITenantStore>().AllAsync();
        foreach (var state in tenants.Take(MaxTenantsNamed))
        {
            LogTenant(logger, state.Tenant.DisplayName, state.Tenant.Id, state.Tenant.IdentityModel.ToString());
        }

        if (tenants.Count > MaxTenantsNamed)
        {
            LogMoreTenants(logger, tenants.Count - MaxTenantsNamed);
        }

        if (auth.Mode == AuthMode.Off || tenants.Count == 0)
        {
            return;
        }

        var tenantId = tenants.Any(t => t.Tenant.Id == DefaultTenants.HybridId) ? DefaultTenants.HybridId : tenants[0].Tenant.Id;
        if (control.Enabled)
        {
            LogMintToken(logger, url + "/_emulator/tokens", $$"""{"tenantId":"{{tenantId}}"}""",
                string.IsNullOrEmpty(control.ApiKey) ? "" : $" -H '{ControlKeyFilter.Header}: <the control API key>'");
        }
        else
        {
            LogClientCredentials(logger, url + $"/{tenantId}/oauth2/v2.0/token", DefaultTenants.AppId(tenantId), DefaultTenants.AppSecret);
        }

        if (!hosting.PrintTokens)
        {
            LogPrintTokensHint(logger);
        }
    }

    // Kestrel reports the address it bound; a wildcard is not one a browser can open.
    private static string Reachable(string address) => address
        .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
        .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
        .TrimEnd('/');

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "PhotoSettings emulator listening on {Addresses} (Ctrl+C stops it)")]
    private static partial void LogListening(ILogger logger, string addresses);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Graph: {GraphBetaUrl} and {GraphV1Url}")]
    private static partial void LogGraph(ILogger logger, string graphBetaUrl, string graphV1Url);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Console: {ConsoleUrl}")]
    private static partial void LogConsole(ILogger logger, string consoleUrl);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Swagger UI: {SwaggerUrl}")]
    private static partial void LogSwagger(ILogger logger, string swaggerUrl);

    [LoggerMessage(EventId = 44, Level = LogLevel.Information, Message = "Token endpoint: {TokenEndpoint}")]
    private static partial void LogTokenEndpoint(ILogger logger, string tokenEndpoint);

    [LoggerMessage(EventId = 45, Level = LogLevel.Information, Message = "Tenant: {TenantName} {TenantId} ({IdentityModel})")]
    private static partial void LogTenant(ILogger logger, string tenantName, Guid tenantId, string identityModel);

    [LoggerMessage(EventId = 46, Level = LogLevel.Information, Message = "... and {More} more tenants: GET /_emulator/tenants lists them")]
    private static partial void LogMoreTenants(ILogger logger, int more);

    [LoggerMessage(EventId = 47, Level = LogLevel.Information,
        Message = "A token: curl -s -X POST {TokensUrl} -H 'Accept: text/plain' -H 'Content-Type: application/json'{KeyHeader} -d '{TokenRequest}'")]
    private static partial void LogMintToken(ILogger logger, string tokensUrl, string tokenRequest, string keyHeader);

    [LoggerMessage(EventId = 48, Level = LogLevel.Information,
        Message = "A token: POST {TokenEndpoint} with grant_type=client_credentials, client_id={ClientId}, client_secret={ClientSecret}, scope=https://graph.microsoft.com/.default")]
    private static partial void LogClientCredentials(ILogger logger, string tokenEndpoint, string clientId, string clientSecret);

    [LoggerMessage(EventId = 49, Level = LogLevel.Information,
        Message = "Start with --print-tokens (Emulator:PrintTokens=true) to print an admin token for each built-in tenant")]
    private static partial void LogPrintTokensHint(ILogger logger);
}
