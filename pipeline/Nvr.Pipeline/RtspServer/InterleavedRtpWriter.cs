using System.Buffers.Binary;
using System.IO.Pipelines;
using Nvr.Pipeline.Packetizers;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// Frames packets from a packetizer as RTSP interleaved data (RFC 2326 §10.12) into a connection's output pipe,
/// inserting the ONVIF replay header extension into the first packet of each access unit. No allocation per packet.
/// </summary>
internal sealed class InterleavedRtpWriter : IRtpPacketSink
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

    /// <summary>
    /// Prepares the next access unit: its packets go to <paramref name="output"/>, the first with the replay extension
    /// unless <paramref name="extension"/> is false (live streams).
    /// </summary>
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
        var extension = _extensionPending ? ReplayHeaderExtension.Length : 0;
        var length = packet.Length + extension;
        var span = output.GetSpan(4 + length);
        span[0] = (byte)'$';
        span[1] = Channel;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        packet[..12].CopyTo(span[4..]);
        if (extension > 0)
        {
            span[4] |= 0x10; // X bit
            ReplayHeaderExtension.Write(span[16..], _utc, _flags, _cseq);
            _extensionPending = false;
        }

        packet[12..].CopyTo(span[(16 + extension)..]);
        output.Advance(4 + length);
        Packets++;
        PayloadOctets += packet.Length - 12;
    }

    /// <summary>Writes an RTCP compound (SR, optionally BYE) on the stream's RTCP channel (the next odd one).</summary>
    public void WriteSenderReport(PipeWriter output, uint ssrc, ulong ntp, uint rtpTimestamp, bool bye)
    {
        var length = 28 + (bye ? 8 : 0);
        var span = output.GetSpan(4 + length);
        span[0] = (byte)'$';
        span[1] = (byte)(Channel + 1);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        var rtcp = span[4..];
        rtcp[0] = 0x80;
        rtcp[1] = 200; // SR
        BinaryPrimitives.WriteUInt16BigEndian(rtcp[2..], 6);
        BinaryPrimitives.WriteUInt32BigEndian(rtcp[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(rtcp[8..], ntp);
        BinaryPrimitives.WriteUInt32BigEndian(rtcp[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(rtcp[20..], (uint)Packets);
        BinaryPrimitives.WriteUInt32BigEndian(rtcp[24..], (uint)PayloadOctets);
        if (bye)
        {
            rtcp[28] = 0x81;
            rtcp[29] = 203; // BYE
            BinaryPrimitives.WriteUInt16BigEndian(rtcp[30..], 1);
            BinaryPrimitives.WriteUInt32BigEndian(rtcp[32..], ssrc);
        }

        output.Advance(4 + length);
    }
}
