namespace PhotoSettings.Emulator.Hosting;

/// <summary>Which of the emulator's surfaces a proxied host stands for.</summary>
public enum ProxiedSurface
{
    /// <summary>Graph's routes (<c>/beta</c>, <c>/v1.0</c>), answered in Graph's envelope.</summary>
    Graph,

    /// <summary>The token service, its discovery documents and MSAL's instance discovery, answered in Entra's OAuth JSON.</summary>
    Login,
}

/// <summary>
/// Set on a connection once the proxy listener accepted its CONNECT: the host the client asked for. Requests inside the
/// tunnel must name that host (the Host guard), and only that host's surface answers them.
/// </summary>
public sealed record ProxyTunnel(string Host, ProxiedSurface Surface)
{
    /// <summary>Whether a request inside the tunnel is addressed to the tunnel's own host (on 443, as a client writes it, or no port).</summary>
    public bool Serves(HostString host) =>
        host.HasValue
        && string.Equals(host.Host, Host, StringComparison.OrdinalIgnoreCase)
        && (host.Port is null or 443);
}
