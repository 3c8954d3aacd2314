using System.Net.Sockets;
using System.Text;

namespace PhotoSettings.Emulator.Tests;

/// <summary>
/// Requests written byte for byte over a socket, so the test decides the Host line, the request target and the
/// protocol version (HttpClient would correct them), and the answer as it came: status, headers and body.
/// </summary>
public sealed record RawHttp(int Status, string Head, string Body)
{
    public static async Task<RawHttp> SendAsync(Uri server, string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Every request says Connection: close (or is HTTP/1.0), so the answer ends where the stream does.
        await stream.CopyToAsync(answer, timeout.Token);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new RawHttp(status, head, split < 0 ? "" : text[(split + 4)..]);
    }

    /// <summary>A request line, a Host line (none when null) and headers, with a body and its Content-Length.</summary>
    public static string Request(string method, string target, string? host, string? body = null, params string[] headers)
    {
        var text = new StringBuilder($"{method} {target} HTTP/1.1\r\n");
        if (host is not null)
        {
            text.Append("Host: ").Append(host).Append("\r\n");
        }

        text.Append("Connection: close\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            text.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n");
        }

        return text.Append("\r\n").Append(body).ToString();
    }

    public string? Header(string name) =>
        Head.Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim()).FirstOrDefault();
}
