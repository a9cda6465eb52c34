using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>
/// A misbehaving in-process RTSP peer for robustness tests: for each request it reads, it writes whatever the
/// script returns (possibly a truncated or hostile answer) and can then stop answering.
/// </summary>
public sealed class ScriptedRtspServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, int, byte[]?> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="script">(request text, CSeq) → bytes to send, or null to go silent (connection kept open).</param>
    public ScriptedRtspServer(Func<string, int, byte[]?> script)
    {
        this._script = script;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public Uri Uri => new($"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/stream");

    public int RequestsSeen { get; private set; }

    public static byte[] Ok(int cseq, string extraHeaders = "", string body = "") =>
        Encoding.ASCII.GetBytes($"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{extraHeaders}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    int end;
                    while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        var request = pending.ToString(0, end + 4);
                        pending.Remove(0, end + 4);
                        RequestsSeen++;
                        var cseqLine = request.Split("\r\n").First(l => l.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase));
                        var answer = _script(request, int.Parse(cseqLine[5..].Trim()));
                        if (answer is null)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }

                        await stream.WriteAsync(answer, _stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }
}
