using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;

namespace PhotoSettings.Emulator.Control;

// The proxy's root certificate, for clients to trust (docs/clients.md, "Through the proxy").
public static partial class ControlApi
{
    private static void MapProxy(RouteGroupBuilder group) =>
        group.MapGet("/proxy/ca.pem", GetProxyRootCertificate)
            .WithTags("Proxy").WithName("GetProxyRootCertificate").WithSummary("The proxy's root certificate (PEM)")
            .WithDescription("The root that issues the proxy's certificates for graph.microsoft.com and login.microsoftonline.com, for a client to trust "
                + "(NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, curl --cacert, a .NET validation callback). It permits only the proxied host names. "
                + "404 when the proxy is off (Emulator:Proxy:Port, --proxy-port).")
            .Produces<string>(StatusCodes.Status200OK, "application/x-pem-file")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static Results<ContentHttpResult, ControlProblem> GetProxyRootCertificate(IServiceProvider services) =>
        services.GetService<ProxyCertificateAuthority>() is { } authority
            ? TypedResults.Text(authority.Pem, "application/x-pem-file")
            : ControlProblem.NotFound("The proxy is off, so it has no root certificate: start with --proxy-port <port> (Emulator:Proxy:Port).");
}
