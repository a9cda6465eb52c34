using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// A raw RTSP viewer that authenticates (Digest MD5, qop=auth), SETUPs the first stream interleaved, PLAYs and then
/// never reads again: the worst viewer a live relay can have. Its socket's receive buffer is small, so the stall
/// reaches the server within seconds.
/// </summary>
public sealed class StalledRtspViewer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
    private readonly StringBuilder _pending = new();
    private int _cseq;

    /// <summary>Connects to <paramref name="uri"/> (no user info) as <paramref name="credentials"/> and PLAYs; the last answer's status line.</summary>
    public static async Task<(StalledRtspViewer Viewer, string PlayStatus)> PlayAsync(string uri, OnvifCredentials credentials, TimeSpan patience)
    {
        var viewer = new StalledRtspViewer();
        var target = new Uri(uri);
        await viewer._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, target.Port));
        using var deadline = new CancellationTokenSource(patience);
        var challenge = (await viewer.RequestAsync("DESCRIBE", uri, [], deadline.Token))
            .Split("\r\n").First(l => l.StartsWith("WWW-Authenticate: Digest ", StringComparison.Ordinal) && l.Contains("algorithm=MD5", StringComparison.Ordinal))["WWW-Authenticate: ".Length..];
        string Authorization(string method, string requestUri, string nc) => "Authorization: " + DigestAnswer.Authorization(challenge, "MD5", credentials, method, requestUri, nc);
        var described = await viewer.RequestAsync("DESCRIBE", uri, [Authorization("DESCRIBE", uri, "00000001"), "Accept: application/sdp"], deadline.Token);
        Assert.StartsWith("RTSP/1.0 200", described, StringComparison.Ordinal);
        var track = uri.TrimEnd('/') + "/track0";
        var setup = await viewer.RequestAsync("SETUP", track, [Authorization("SETUP", track, "00000002"), "Transport: RTP/AVP/TCP;unicast;interleaved=0-1"], deadline.Token);
        Assert.StartsWith("RTSP/1.0 200", setup, StringComparison.Ordinal);
        var session = setup.Split("\r\n").First(l => l.StartsWith("Session:", StringComparison.Ordinal))["Session:".Length..].Split(';')[0].Trim();
        var play = await viewer.RequestAsync("PLAY", uri, [Authorization("PLAY", uri, "00000003"), $"Session: {session}"], deadline.Token);
        return (viewer, play.Split("\r\n")[0]);
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Sends a request and reads its answer's head (and the SDP body of a DESCRIBE), nothing more.</summary>
    private async Task<string> RequestAsync(string method, string uri, IEnumerable<string> headers, CancellationToken cancellationToken)
    {
        var request = $"{method} {uri} RTSP/1.0\r\nCSeq: {++_cseq}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n";
        await _socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        var buffer = new byte[1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var head = text[..(end + 4)];
                var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } line
                    ? int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
                if (text.Length >= head.Length + length)
                {
                    _pending.Clear().Append(text[(head.Length + length)..]);
                    return text[..(head.Length + length)];
                }
            }

            var read = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"the server closed the connection during {method}");
            }

            _pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
    }
}
