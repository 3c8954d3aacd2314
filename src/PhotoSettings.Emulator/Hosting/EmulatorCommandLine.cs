namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// The tool's switches (<c>--port</c>, <c>--https</c>, <c>--tenants-file</c>, <c>--auth-mode</c>,
/// <c>--data-dir</c>, <c>--proxy-port</c>, <c>--print-tokens</c>, <c>--help</c>), turned into the configuration keys they stand for. Everything
/// else passes through to ASP.NET as it is (<c>--urls</c>, <c>--Emulator:Auth:Mode=Off</c>, …).
/// </summary>
public static class EmulatorCommandLine
{
    public const string Usage = """
        photosettings-emulator: a local emulator of Microsoft Graph's photoUpdateSettings.

        Usage: photosettings-emulator [options]

          --port <port>            http port on localhost (default 5080)
          --https                  also serve https (self-signed certificate unless Kestrel has one)
          --https-port <port>      https port (default 5081)
          --tenants-file <path>    a tenants file to load at start-up
          --auth-mode <mode>       Loose (default), Strict or Off
          --data-dir <path>        where the emulator keeps its files (default ./data)
          --proxy-port <port>      also be an HTTPS proxy for graph.microsoft.com and login.microsoftonline.com
                                   on this loopback port (HTTPS_PROXY; trust GET /_emulator/proxy/ca.pem)
          --print-tokens           print an admin token for each built-in tenant at start-up
          --help                   this text

        Any ASP.NET setting also works: --urls http://0.0.0.0:5080, --Emulator:Propagation:Delay=00:00:00, ...
        Documentation: the README.md packed with the tool.
        """;

    /// <summary>
    /// The emulator reads its configuration once, at start (options are validated then; a change needs a restart).
    /// ASP.NET's default watches the content root for appsettings changes, and on Linux that watch walks every folder
    /// under it: 1,149 in this repository, and a user's whole tree when the tool starts in a home folder, which cost
    /// a JIT start 50-200 ms here and an inotify instance per in-process emulator. Placed first, so an argument of the
    /// user's own (<c>--hostBuilder:reloadConfigOnChange=true</c>) still wins.
    /// </summary>
    public const string ReadConfigurationOnce = "--hostBuilder:reloadConfigOnChange=false";

    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--https-port"] = "Emulator:Https:Port",
        ["--tenants-file"] = "Emulator:TenantsFile",
        ["--auth-mode"] = "Emulator:Auth:Mode",
        ["--data-dir"] = "Emulator:DataDir",
    };

    /// <summary>The arguments for the host, or null when the command was answered here (help, or a usage error).</summary>
    public static string[]? Translate(string[] args, TextWriter output, out int exitCode)
    {
        exitCode = 0;
        var translated = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                output.WriteLine($"{arg} needs a value.\n\n{Usage}");
                return null;
            }

            switch (arg.ToLowerInvariant())
            {
                case "--help" or "-h" or "-?":
                    output.WriteLine(Usage);
                    return null;
                case "--https":
                    translated.Add("--Emulator:Https:Enabled=true");
                    break;
                case "--print-tokens":
                    translated.Add("--Emulator:PrintTokens=true");
                    break;
                case "--port":
                    if (Value() is not { } port || !int.TryParse(port, out var number) || number is < 1 or > 65535)
                    {
                        exitCode = 2;
                        output.WriteLine($"--port needs a TCP port (1-65535).\n\n{Usage}");
                        return null;
                    }

                    translated.Add($"--urls=http://localhost:{number}");
                    break;
                case "--proxy-port":
                    if (Value() is not { } proxyPort || !int.TryParse(proxyPort, out var proxyNumber) || proxyNumber is < 1 or > 65535)
                    {
                        exitCode = 2;
                        output.WriteLine($"--proxy-port needs a TCP port (1-65535).\n\n{Usage}");
                        return null;
                    }

                    translated.Add($"--Emulator:Proxy:Port={proxyNumber}");
                    break;
                case var name when Switches.TryGetValue(name, out var key):
                    if (Value() is not { } value)
                    {
                        exitCode = 2;
                        return null;
                    }

                    translated.Add($"--{key}={value}");
                    break;
                default:
                    translated.Add(arg);
                    break;
            }
        }

        return [.. translated];
    }
}
