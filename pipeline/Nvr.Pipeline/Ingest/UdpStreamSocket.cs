using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Pipeline.Ingest;

/// <summary>
/// The local even/odd UDP port pair of one stream (RTP, RTCP). After SETUP both sockets are connected to the
/// server's ports so the kernel drops datagrams from anyone else. Receive loops reuse one pooled buffer each.
/// </summary>
internal sealed class UdpStreamSocket : IDisposable
{
    private readonly Socket _rtpSocket;
    private readonly Socket _rtcpSocket;

    private UdpStreamSocket(Socket rtp, Socket rtcp)
    {
        _rtpSocket = rtp;
        _rtcpSocket = rtcp;
    }

    public int RtpPort => ((IPEndPoint)_rtpSocket.LocalEndPoint!).Port;

    public static UdpStreamSocket Open(IPAddress local)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var rtp = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            rtp.ReceiveBufferSize = 1024 * 1024;
            rtp.Bind(new IPEndPoint(local, 0));
            var port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            if (port % 2 != 0 || port == 65534)
            {
                rtp.Dispose();
                continue;
            }

            var rtcp = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtcp.Bind(new IPEndPoint(local, port + 1));
                return new UdpStreamSocket(rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        throw new IOException("no free even/odd UDP port pair for RTP/RTCP");
    }

    public void ConnectTo(IPAddress server, int rtpPort, int rtcpPort)
    {
        if (rtpPort > 0)
        {
            _rtpSocket.Connect(new IPEndPoint(server, rtpPort));
        }

        if (rtcpPort > 0)
        {
            _rtcpSocket.Connect(new IPEndPoint(server, rtcpPort));
        }
    }

    /// <summary>Receives until cancelled; <paramref name="lockObject"/> serialises with the other streams.</summary>
    public Task RunAsync(RtpStreamReceiver receiver, object lockObject, CancellationToken cancellationToken) =>
        Task.WhenAll(
            ReceiveLoopAsync(_rtpSocket, receiver, lockObject, rtcp: false, cancellationToken),
            ReceiveLoopAsync(_rtcpSocket, receiver, lockObject, rtcp: true, cancellationToken));

    public void Dispose()
    {
        _rtpSocket.Dispose();
        _rtcpSocket.Dispose();
    }

    private static async Task ReceiveLoopAsync(Socket socket, RtpStreamReceiver receiver, object lockObject, bool rtcp, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(65536);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue;  // ICMP port unreachable from an earlier send; keep listening
                }

                lock (lockObject)
                {
                    if (rtcp)
                    {
                        receiver.OnRtcp(buffer.AsSpan(0, length));
                    }
                    else
                    {
                        receiver.OnRtp(buffer.AsSpan(0, length));
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
