using System.Net;
using System.Net.Sockets;
using Nvr.Pipeline.Ingest;

namespace Nvr.Pipeline.Rtsp;

/// <summary>The paced side of <see cref="RtspConnection"/>: connect without asynchronous socket operations, reads at the pacer's tick.</summary>
internal sealed partial class RtspConnection
{
    /// <summary>
    /// Connects without an asynchronous socket operation: a non-blocking connect whose completion is polled at the
    /// pacer's ticks (each address in turn, as <see cref="Socket.ConnectAsync(string, int)"/> does).
    /// </summary>
    private static async Task<Socket> ConnectPacedAsync(Uri uri, int port, ReadPacer pacer, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Exception? last = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal]
                : await Dns.GetHostAddressesAsync(uri.Host, deadline.Token).ConfigureAwait(false);
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
                try
                {
                    try
                    {
                        socket.Connect(address, port);
                    }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                    {
                        while (!socket.Poll(0, SelectMode.SelectWrite) && !socket.Poll(0, SelectMode.SelectError))
                        {
                            deadline.Token.ThrowIfCancellationRequested();
                            if (pacer.IsDisposed)
                            {
                                throw new SocketException((int)SocketError.OperationAborted);
                            }

                            await pacer.NextTick.WaitAsync(deadline.Token).ConfigureAwait(false);
                        }

                        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                        if (error != SocketError.Success)
                        {
                            throw new SocketException((int)error);
                        }
                    }

                    socket.Blocking = true; // for NetworkStream; the read loop makes it non-blocking again for the pacer
                    return socket;
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw ConnectFailure(uri, new TimeoutException($"no connection within {timeout.TotalSeconds:0.#} s", e));
        }
        catch (SocketException e)
        {
            throw ConnectFailure(uri, e);
        }

        throw ConnectFailure(uri, last ?? new SocketException((int)SocketError.HostNotFound));
    }

    private static RtspException ConnectFailure(Uri uri, Exception e) =>
        new(e is TimeoutException ? RtspFailure.Timeout : RtspFailure.ConnectionFailed, $"cannot connect to {uri.Host}:{uri.Port}: {e.Message}", 0, e);

    /// <summary>At the pacer's tick: reads all that arrived (non-blocking) and handles every complete frame and message.</summary>
    bool IPacedReader.OnTick()
    {
        try
        {
            _stop.Token.ThrowIfCancellationRequested();
            for (int reads = 0; reads < MaxReadsPerTick; reads++)
            {
                var room = MakeRoom();
                var received = _socket.Receive(_buffer, _end, room, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return true;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                if (received == 0)
                {
                    return EndPaced(new RtspException(RtspFailure.ConnectionClosed, "the RTSP server closed the connection"));
                }

                _end += received;
                Consume();
                if (received < room)
                {
                    return true; // drained: what arrives meanwhile is read at the next tick
                }
            }

            return true;
        }
        catch (Exception e)
        {
            return EndPaced(Describe(e));
        }
    }

    void IPacedReader.OnPacerStopped() =>
        EndPaced(new RtspException(RtspFailure.ConnectionClosed, "the RTSP connection's read pacer was stopped"));

    private bool EndPaced(Exception failure)
    {
        _pacedEnd?.TrySetResult(failure); // the read loop ends the connection with it
        return false;
    }
}
