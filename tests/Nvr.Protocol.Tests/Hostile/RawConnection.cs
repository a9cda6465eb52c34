using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>A raw TCP client of the appliance (HTTP or RTSP) for hostile-client tests: send bytes as slowly as wanted, see when the server closes.</summary>
public sealed class RawConnection : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Stopwatch _opened = new();

    public static async Task<RawConnection> OpenAsync(int port)
    {
        var connection = new RawConnection();
        await connection._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        connection._opened.Start();
        return connection;
    }

    public TimeSpan Age => _opened.Elapsed;

    /// <summary>Sends the bytes; false when the server has closed the connection already.</summary>
    public async Task<bool> TrySendAsync(string text)
    {
        try
        {
            await _socket.SendAsync(Encoding.ASCII.GetBytes(text));
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Reads (and discards) until the server closes the connection; returns the connection's age then, or null after <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> ClosedByServerWithinAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _socket.ReceiveAsync(buffer, deadline.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return _opened.Elapsed;
    }

    /// <summary>Reads the whole answer to what was sent, until the server closes or <paramref name="timeout"/>.</summary>
    public async Task<string> ReadAnswerAsync(TimeSpan timeout, string until)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while (!text.ToString().Contains(until, StringComparison.Ordinal) && (read = await _socket.ReceiveAsync(buffer, deadline.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
        }

        return text.ToString();
    }

    public void Dispose() => _socket.Dispose();
}
