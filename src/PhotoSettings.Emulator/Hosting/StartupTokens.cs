using Microsoft.Extensions.Options;
using PhotoSettings.Emulator.Auth;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Roles;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// With <c>--print-tokens</c> (<c>Emulator:PrintTokens</c>), prints a ready-to-paste admin token for each built-in
/// tenant at start-up: the Global Administrator, delegated, with every scope, valid for 24 hours. Off by default:
/// two 1,000-character tokens drowned the banner, and POST /_emulator/tokens mints one whenever it is needed.
/// Also the certificate line, and the warning that Auth mode Off needs no token at all.
/// </summary>
public static partial class StartupTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static void Log(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<HostingOptions>>().Value;
        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PhotoSettings.Emulator.StartupTokens");
        if (services.GetService<EmulatorCertificate>() is { } certificate)
        {
            LogCertificate(logger, options.Https.Port, certificate.Created ? "created" : "reused", certificate.PemPath);
        }

        var proxy = services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (services.GetService<ProxyCertificateAuthority>() is { } authority && proxy.Port is { } port)
        {
            LogProxy(logger, port, string.Join(", ", proxy.AllHosts), authority.Created ? "created" : "reused", authority.PemPath);
        }

        if (auth.Mode == AuthMode.Off)
        {
            LogAuthOff(logger);
            return;
        }

        if (!options.PrintTokens)
        {
            return;
        }

        var store = services.GetRequiredService<ITenantStore>();
        var issuer = services.GetRequiredService<TokenIssuer>();
        foreach (var id in (Guid[])[DefaultTenants.CloudOnlyId, DefaultTenants.HybridId])
        {
            var tenant = store.Peek(id)?.Tenant;
            var admin = tenant?.Users.FirstOrDefault(u => u.Roles.Contains(RoleCatalog.GlobalAdministrator));
            if (tenant is null || admin is null)
            {
                continue;
            }

            var token = issuer.Mint(new TokenGrant(tenant, admin, null, null, null, null, Lifetime));
            LogToken(logger, tenant.DisplayName, tenant.Id, admin.UserPrincipalName, token.ExpiresOn, token.AccessToken);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Admin token for {TenantName} ({TenantId}), {UserPrincipalName}, Global Administrator, valid until {ExpiresOn:u}: {AccessToken}")]
    private static partial void LogToken(ILogger logger, string tenantName, Guid tenantId, string userPrincipalName, DateTimeOffset expiresOn, string accessToken);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information,
        Message = "HTTPS on port {Port} with the emulator's self-signed certificate ({CreatedOrReused}). Trust it with NODE_EXTRA_CA_CERTS={PemPath} "
            + "or SSL_CERT_FILE, or fetch it from GET /_emulator/certificate")]
    private static partial void LogCertificate(ILogger logger, int port, string createdOrReused, string pemPath);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information,
        Message = "Proxy on http://localhost:{Port} for {Hosts} (nothing is forwarded). Its root certificate ({CreatedOrReused}): {PemPath}. "
            + "Run a client with HTTPS_PROXY=http://localhost:{Port} NODE_EXTRA_CA_CERTS={PemPath} (docs/clients.md), or fetch it from GET /_emulator/proxy/ca.pem")]
    private static partial void LogProxy(ILogger logger, int port, string hosts, string createdOrReused, string pemPath);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "Emulator:Auth:Mode=Off: no token is needed and every Graph request acts as an all-powerful application in the default hybrid tenant. For quick sessions only.")]
    private static partial void LogAuthOff(ILogger logger);
}
