using Microsoft.Extensions.Options;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// <c>Emulator:Proxy</c>: the HTTPS proxy listener for clients that cannot be pointed anywhere but Microsoft's hosts
/// (off unless a port is given). Every option is in docs/configuration.md; the threat model is docs/security.md.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Emulator:Proxy";

    /// <summary>The public cloud's Graph host, always proxied when the proxy is on.</summary>
    public static readonly string[] DefaultGraphHosts = ["graph.microsoft.com"];

    /// <summary>The public cloud's sign-in host, always proxied when the proxy is on.</summary>
    public static readonly string[] DefaultLoginHosts = ["login.microsoftonline.com"];

    /// <summary>The port of the listener (<c>--proxy-port</c>); null turns the proxy off.</summary>
    public int? Port { get; set; }

    /// <summary>Graph hosts served besides graph.microsoft.com (national clouds: graph.microsoft.us, microsoftgraph.chinacloudapi.cn, ...).</summary>
    public List<string> GraphHosts { get; set; } = [];

    /// <summary>Sign-in hosts served besides login.microsoftonline.com (login.microsoftonline.us, login.chinacloudapi.cn, ...).</summary>
    public List<string> LoginHosts { get; set; } = [];

    /// <summary>How long a client may take to send its CONNECT request line and headers before the connection is cut.</summary>
    public TimeSpan PreambleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most a CONNECT request line and its headers may weigh; past it the answer is 431 and the connection is cut.</summary>
    public const int MaxPreambleBytes = 8 * 1024;

    public bool Enabled => Port is not null;

    public IReadOnlyList<string> AllGraphHosts => [.. DefaultGraphHosts.Concat(GraphHosts.Select(h => h.Trim().ToLowerInvariant())).Distinct()];

    public IReadOnlyList<string> AllLoginHosts => [.. DefaultLoginHosts.Concat(LoginHosts.Select(h => h.Trim().ToLowerInvariant())).Distinct()];

    public IReadOnlyList<string> AllHosts => [.. AllGraphHosts.Concat(AllLoginHosts).Distinct()];
}

/// <summary>Refuses a proxy configuration that cannot work, at start-up.</summary>
public sealed class ProxyOptionsValidator(IOptions<HostingOptions> hosting, ListenUrls? listening = null) : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var problems = new List<string>();
        if (options.Port is { } port && port is < 1 or > 65535)
        {
            problems.Add($"Emulator:Proxy:Port {port} is not a TCP port (1-65535).");
        }

        if (options.Port is { } same && hosting.Value.Https.Enabled && hosting.Value.Https.Port == same)
        {
            problems.Add($"Emulator:Proxy:Port {same} is the https port as well; give the proxy a port of its own.");
        }

        // Kestrel would refuse the second bind with "address already in use", naming neither setting.
        if (options.Port is { } shared && listening?.Ports.FirstOrDefault(p => p.Port == shared).Url is { } url)
        {
            problems.Add($"Emulator:Proxy:Port {shared} is the port of the listen address {url} as well; give the proxy a port of its own.");
        }

        if (options.PreambleTimeout <= TimeSpan.Zero || options.PreambleTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"Emulator:Proxy:PreambleTimeout {options.PreambleTimeout} must be more than zero and at most 5 minutes.");
        }

        foreach (var (key, hosts) in new[] { ("GraphHosts", options.GraphHosts), ("LoginHosts", options.LoginHosts) })
        {
            foreach (var host in hosts)
            {
                var trimmed = host.Trim();
                if (Uri.CheckHostName(trimmed) != UriHostNameType.Dns || !trimmed.Contains('.', StringComparison.Ordinal) || trimmed.EndsWith('.'))
                {
                    problems.Add($"Emulator:Proxy:{key} holds DNS names such as graph.microsoft.us: '{Primitives.ClientText.Clip(host)}' is not one (no scheme, port, path, wildcard or IP address).");
                }
            }
        }

        if (options.AllGraphHosts.Intersect(options.AllLoginHosts).FirstOrDefault() is { } both)
        {
            problems.Add($"Emulator:Proxy: '{both}' is both a Graph host and a sign-in host; each host serves one of them.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
