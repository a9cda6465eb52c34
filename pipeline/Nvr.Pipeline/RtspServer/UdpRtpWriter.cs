using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// RTP/AVP over UDP unicast (RFC 2326 §12.39): one socket pair per set-up stream (RTP on an even port, RTCP on the next),
/// bound to the address the RTSP client reached and connected to that client's own address and client_port pair,
/// so a SETUP can never aim the stream at a third host. Datagrams are sent synchronously from one reused buffer (no
/// allocation per packet). RTCP from the client (receiver reports) keeps the session alive. UDP has no backpressure:
/// a client that does not read loses datagrams (the send is not retried; counted in <see cref="SendFailures"/>).
/// </summary>
internal sealed class UdpRtpWriter : IRtpStreamWriter
{
    private const int PortAttempts = 32;
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly byte[] _buffer;
    private readonly CancellationTokenSource _closing = new();
    private bool _extensionPending;
    private DateTime _utc;
    private ReplayHeaderExtension.Flags _flags;
    private int _cseq;

    private UdpRtpWriter(Socket rtp, Socket rtcp, int maxPacketSize)
    {
        _rtp = rtp;
        _rtcp = rtcp;
        _buffer = new byte[Math.Max(maxPacketSize + ReplayHeaderExtension.Length, 64)];
    }

    public int ServerRtpPort => ((IPEndPoint)_rtp.LocalEndPoint!).Port;

    public int ServerRtcpPort => ((IPEndPoint)_rtcp.LocalEndPoint!).Port;

    public long Packets { get; private set; }

    public long PayloadOctets { get; private set; }

    /// <summary>Datagrams the kernel refused (e.g. the client's port is closed: ICMP unreachable).</summary>
    public long SendFailures { get; private set; }

    /// <summary>
    /// Binds an even/odd port pair on <paramref name="local"/> and connects it to <paramref name="client"/>'s
    /// <paramref name="clientRtpPort"/>/<paramref name="clientRtcpPort"/>; null when no pair is free.
    /// <paramref name="onClientRtcp"/> runs for every datagram the client sends to the RTCP port.
    /// </summary>
    public static UdpRtpWriter? Open(IPAddress local, IPAddress client, int clientRtpPort, int clientRtcpPort, int maxPacketSize, Action onClientRtcp)
    {
        for (var attempt = 0; attempt < PortAttempts; attempt++)
        {
            var rtp = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(local, 0));
                var port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
                if (port % 2 != 0 || port == IPEndPoint.MaxPort)
                {
                    throw new SocketException((int)SocketError.AddressAlreadyInUse);
                }

                rtcp.Bind(new IPEndPoint(local, port + 1));
                rtp.Connect(new IPEndPoint(client, clientRtpPort));
                rtcp.Connect(new IPEndPoint(client, clientRtcpPort));
                var writer = new UdpRtpWriter(rtp, rtcp, maxPacketSize);
                _ = writer.ReceiveRtcpAsync(onClientRtcp);
                return writer;
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        return null;
    }

    public void BeginAccessUnit(PipeWriter output, DateTime utc, ReplayHeaderExtension.Flags flags, int playCSeq, bool extension = true)
    {
        _extensionPending = extension;
        _utc = utc;
        _flags = flags;
        _cseq = playCSeq;
    }

    public void OnPacket(ReadOnlySpan<byte> packet)
    {
        var length = packet.Length + (_extensionPending ? ReplayHeaderExtension.Length : 0);
        RtpPacketFraming.Write(_buffer, packet, _extensionPending, _utc, _flags, _cseq);
        _extensionPending = false;
        Send(_rtp, length);
        Packets++;
        PayloadOctets += packet.Length - 12;
    }

    public void WriteSenderReport(PipeWriter output, uint ssrc, ulong ntp, uint rtpTimestamp, bool bye)
    {
        RtpPacketFraming.WriteSenderReport(_buffer, ssrc, ntp, rtpTimestamp, Packets, PayloadOctets, bye);
        Send(_rtcp, RtpPacketFraming.SenderReportLength(bye));
    }

    public void Dispose()
    {
        _closing.Cancel();
        _rtp.Dispose();
        _rtcp.Dispose();
        _closing.Dispose();
    }

    private void Send(Socket socket, int length)
    {
        try
        {
            socket.Send(_buffer.AsSpan(0, length), SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            SendFailures++;
        }
    }

    private async Task ReceiveRtcpAsync(Action onClientRtcp)
    {
        var buffer = new byte[1500];
        var token = _closing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _rtcp.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                onClientRtcp();
            }
            catch (SocketException)
            {
                // ICMP unreachable of an earlier send is reported on the next receive: keep listening
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
