using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace PhotoSettings.Emulator.Hosting;

/// <summary>
/// Kestrel connection middleware before TLS on the proxy listener: reads the client's <c>CONNECT host:443</c> preamble,
/// and either answers <c>200 Connection established</c> and hands the rest of the stream to TLS (with a
/// <see cref="ProxyTunnel"/> on the connection), or refuses and closes. It never opens a connection anywhere: a tunnel
/// ends in this process, so nothing leaves the machine through it. The preamble is bounded in size
/// (<see cref="ProxyOptions.MaxPreambleBytes"/>) and time (<see cref="ProxyOptions.PreambleTimeout"/>).
/// </summary>
public sealed partial class ProxyConnectMiddleware(ConnectionDelegate next, ProxyOptions options, bool anyPeer, TimeProvider time, ILogger logger)
{
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        if (!anyPeer && !IsLoopback(connection.RemoteEndPoint))
        {
            // Bound to loopback, so only a misconfigured forward reaches this; refuse before reading a byte.
            LogRefused(logger, "a peer that is not on this machine", 0);
            await RefuseAsync(connection, 403, "Forbidden", "The emulator's proxy takes connections from this machine only.");
            return;
        }

        var (preamble, status) = await ReadPreambleAsync(connection);
        if (preamble is null)
        {
            if (status == 431)
            {
                await RefuseAsync(connection, 431, "Request Header Fields Too Large", $"A CONNECT request line and its headers may weigh at most {ProxyOptions.MaxPreambleBytes} bytes.");
            }
            else if (status == 408)
            {
                await RefuseAsync(connection, 408, "Request Timeout", $"The CONNECT request line and its headers must arrive within {options.PreambleTimeout.TotalSeconds:0.#} s.");
            }

            if (status != 0)
            {
                LogRefused(logger, status == 431 ? "a CONNECT preamble over its size limit" : "a CONNECT preamble that did not arrive in time", status);
            }

            // Status 0: the client left before finishing its preamble (a port probe does), so there is no one to answer.
            return;
        }

        var (tunnel, refusal) = Judge(preamble);
        if (tunnel is null)
        {
            LogRefused(logger, refusal!.Value.Reason, refusal.Value.Status);
            await RefuseAsync(connection, refusal.Value.Status, refusal.Value.Phrase, refusal.Value.Message, refusal.Value.Status == 405 ? "Allow: CONNECT\r\n" : "");
            return;
        }

        await connection.Transport.Output.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray());
        connection.Features.Set(tunnel);
        await next(connection);
    }

    /// <summary>The preamble's text up to its blank line (the stream left just after it), or null with the status that refuses it.</summary>
    private async Task<(string? Preamble, int Status)> ReadPreambleAsync(ConnectionContext connection)
    {
        using var timeout = new CancellationTokenSource(options.PreambleTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed);
        var input = connection.Transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(linked.Token);
                var buffer = result.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                if (reader.TryReadTo(out ReadOnlySequence<byte> head, EndOfHeaders, advancePastDelimiter: true))
                {
                    if (head.Length + EndOfHeaders.Length > ProxyOptions.MaxPreambleBytes)
                    {
                        input.AdvanceTo(buffer.End);
                        return (null, 431);
                    }

                    var text = head.IsSingleSegment ? head.FirstSpan.ToArray() : head.ToArray();
                    // Whatever follows (a TLS ClientHello sent early) stays in the pipe for TLS to read.
                    input.AdvanceTo(reader.Position);
                    return (text.All(b => b is >= 0x20 and < 0x7F or (byte)'\r' or (byte)'\n' or (byte)'\t') ? Encoding.ASCII.GetString(text) : "", 0);
                }

                if (buffer.Length > ProxyOptions.MaxPreambleBytes)
                {
                    input.AdvanceTo(buffer.End);
                    return (null, 431);
                }

                if (result.IsCompleted)
                {
                    input.AdvanceTo(buffer.End);
                    return (null, 0);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (null, 408);
        }
        catch (OperationCanceledException)
        {
            return (null, 0);
        }
    }

    private (ProxyTunnel? Tunnel, Refusal? Refusal) Judge(string preamble)
    {
        var lines = preamble.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (preamble.Length == 0 || parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || lines.Skip(1).Any(l => l.IndexOf(':', StringComparison.Ordinal) <= 0))
        {
            return (null, new Refusal(400, "Bad Request", "a malformed request line or header",
                "The emulator's proxy expects 'CONNECT <host>:443 HTTP/1.1' followed by headers in ASCII."));
        }

        if (parts[0] != "CONNECT")
        {
            return (null, new Refusal(405, "Method Not Allowed", "a method other than CONNECT",
                "The emulator's proxy takes only CONNECT (an HTTPS proxy: set HTTPS_PROXY, not HTTP_PROXY, and use https:// addresses)."));
        }

        var target = parts[1];
        var colon = target.LastIndexOf(':');
        var host = colon > 0 ? target[..colon] : "";
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown || !int.TryParse(target.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var port))
        {
            return (null, new Refusal(400, "Bad Request", "a CONNECT target that is not host:port",
                "A CONNECT target is '<host>:<port>', such as graph.microsoft.com:443."));
        }

        var surface = options.AllGraphHosts.Contains(host, StringComparer.OrdinalIgnoreCase) ? ProxiedSurface.Graph
            : options.AllLoginHosts.Contains(host, StringComparer.OrdinalIgnoreCase) ? ProxiedSurface.Login
            : (ProxiedSurface?)null;
        if (surface is null || port != 443)
        {
            // Nothing is forwarded: a host the emulator does not stand in for is refused, never connected to.
            return (null, new Refusal(403, "Forbidden", "a CONNECT to a host it does not serve",
                $"The emulator's proxy serves only {string.Join(", ", options.AllHosts.Select(h => h + ":443"))} and forwards nothing; "
                + "add a national cloud's host with Emulator:Proxy:GraphHosts or Emulator:Proxy:LoginHosts."));
        }

        return (new ProxyTunnel(host.ToLowerInvariant(), surface.Value), null);
    }

    private static async Task RefuseAsync(ConnectionContext connection, int status, string phrase, string message, string extraHeaders = "")
    {
        var body = Encoding.ASCII.GetBytes(message + "\n");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n");
        try
        {
            await connection.Transport.Output.WriteAsync(head.Concat(body).ToArray());
            await connection.Transport.Output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or OperationCanceledException or InvalidOperationException)
        {
            // The client left first: nothing to tell it.
        }
    }

    private static bool IsLoopback(EndPoint? endPoint) =>
        endPoint is IPEndPoint ip && IPAddress.IsLoopback(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address);

    private readonly record struct Refusal(int Status, string Phrase, string Reason, string Message);

    [LoggerMessage(EventId = 90, Level = LogLevel.Information, Message = "Proxy refused {Reason} ({Status})")]
    private static partial void LogRefused(ILogger logger, string reason, int status);
}
