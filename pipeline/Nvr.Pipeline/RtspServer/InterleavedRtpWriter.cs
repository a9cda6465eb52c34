using System.Buffers.Binary;
using System.IO.Pipelines;
using Nvr.Pipeline.Packetizers;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// Frames packets from a packetizer as RTSP interleaved data (RFC 2326 §10.12) into a connection's output pipe,
/// inserting the ONVIF replay header extension into the first packet of each access unit. No allocation per packet.
/// </summary>
internal sealed class InterleavedRtpWriter : IRtpStreamWriter
{
    private PipeWriter? _output;
    private bool _extensionPending;
    private DateTime _utc;
    private ReplayHeaderExtension.Flags _flags;
    private int _cseq;

    public InterleavedRtpWriter(byte channel) => Channel = channel;

    public byte Channel { get; }

    public long Packets { get; private set; }

    public long PayloadOctets { get; private set; }

    public void BeginAccessUnit(PipeWriter output, DateTime utc, ReplayHeaderExtension.Flags flags, int playCSeq, bool extension = true)
    {
        _output = output;
        _extensionPending = extension;
        _utc = utc;
        _flags = flags;
        _cseq = playCSeq;
    }

    public void OnPacket(ReadOnlySpan<byte> packet)
    {
        var output = _output!;
        var length = packet.Length + (_extensionPending ? ReplayHeaderExtension.Length : 0);
        var span = output.GetSpan(4 + length);
        span[0] = (byte)'$';
        span[1] = Channel;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        RtpPacketFraming.Write(span[4..], packet, _extensionPending, _utc, _flags, _cseq);
        _extensionPending = false;
        output.Advance(4 + length);
        Packets++;
        PayloadOctets += packet.Length - 12;
    }

    /// <summary>Writes an RTCP compound (SR, optionally BYE) on the stream's RTCP channel (the next odd one).</summary>
    public void WriteSenderReport(PipeWriter output, uint ssrc, ulong ntp, uint rtpTimestamp, bool bye)
    {
        var length = RtpPacketFraming.SenderReportLength(bye);
        var span = output.GetSpan(4 + length);
        span[0] = (byte)'$';
        span[1] = (byte)(Channel + 1);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        RtpPacketFraming.WriteSenderReport(span[4..], ssrc, ntp, rtpTimestamp, Packets, PayloadOctets, bye);
        output.Advance(4 + length);
    }

    public void Dispose()
    {
    }
}
