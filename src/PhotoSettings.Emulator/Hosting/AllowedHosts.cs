using System.Collections.Frozen;
using System.Net;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// The Host names the emulator answers to, decided once at start-up. A browser sends the name from the page's
/// address, so a name an attacker controls that resolves to 127.0.0.1 (DNS rebinding) arrives as that name and is
/// refused. By default: localhost, 127.0.0.1, [::1], the names in <c>Emulator:Https:Hosts</c> and
/// <c>Emulator:AllowedHosts</c>, any port. Listening beyond loopback adds the names the listen addresses give and
/// IP literals (a page can only send an IP literal as Host when it was loaded from that address itself, so no
/// rebinding goes through one); in a container, names without a dot are added too (service names and network
/// aliases, which no public DNS zone can hand out).
/// </summary>
public sealed class AllowedHosts
{
    /// <summary>The entry of <c>Emulator:AllowedHosts</c> that accepts every Host: no rebinding protection at all.</summary>
    public const string Any = "*";

    public static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    private readonly FrozenSet<string> _names;

    public AllowedHosts(IEnumerable<string> names, bool ipLiterals = false, bool dotlessNames = false)
    {
        var all = Loopback.Concat(names.Select(Normalize)).Where(n => n.Length > 0).ToList();
        AcceptsAny = all.Contains(Any);
        _names = all.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        AcceptsIpLiterals = ipLiterals;
        AcceptsDotlessNames = dotlessNames;
        Names = [.. all.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public bool AcceptsAny { get; }

    public bool AcceptsIpLiterals { get; }

    public bool AcceptsDotlessNames { get; }

    /// <summary>The names accepted, for the refusal's message and the start-up banner.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Allows(HostString host)
    {
        var name = host.HasValue ? host.Host : "";
        if (name.Length == 0)
        {
            return false;
        }

        return AcceptsAny
            || _names.Contains(name)
            || (AcceptsIpLiterals && IsIpLiteral(name))
            || (AcceptsDotlessNames && !name.Contains('.', StringComparison.Ordinal) && !name.StartsWith('['));
    }

    /// <summary>
    /// An address as a browser writes it in a Host header: four dotted decimals, or IPv6 in brackets. Other spellings
    /// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> takes (<c>127.1</c>, <c>2130706433</c>) a browser
    /// rewrites before sending, so they never count as literals.
    /// </summary>
    public static bool IsIpLiteral(string name) =>
        name.StartsWith('[') && name.EndsWith(']')
            ? IPAddress.TryParse(name.AsSpan(1, name.Length - 2), out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            : name.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit))
                && IPAddress.TryParse(name, out _);

    /// <summary>A configured name as it is matched: trimmed, an IPv6 address bracketed as Host writes it.</summary>
    public static string Normalize(string name)
    {
        var trimmed = name.Trim();
        return !trimmed.StartsWith('[') && trimmed.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(trimmed, out _)
            ? $"[{trimmed}]"
            : trimmed;
    }

    /// <summary>Why a configured entry cannot be a Host name, or null when it can.</summary>
    public static string? Problem(string entry)
    {
        var name = Normalize(entry);
        if (name == Any)
        {
            return null;
        }

        if (name.Length == 0)
        {
            return "an entry is empty";
        }

        if (IsIpLiteral(name))
        {
            return null;
        }

        return Uri.CheckHostName(name) == UriHostNameType.Dns && !name.EndsWith('.')
            ? null
            : $"'{Primitives.ClientText.Clip(entry)}' is not a host name or IP address (no scheme, port, path or wildcard other than '*' alone)";
    }
}
