using System.Buffers.Binary;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Packetizers;

/// <summary>
/// Base of the packetizers (the inverse of the depacketizers, used by the camera simulator and by tests):
/// writes RTP fixed headers with a running sequence number into one reused buffer.
/// </summary>
public abstract class RtpPacketizer
{
    private readonly byte[] _packet;

    protected RtpPacketizer(int payloadType, uint ssrc, int maxPacketSize, ushort firstSequence)
    {
        if (maxPacketSize < RtpHeaderLength + 16 || maxPacketSize > 65535)
        {
            PipelineThrow.ArgumentOutOfRange(nameof(maxPacketSize));
        }

        PayloadType = payloadType;
        Ssrc = ssrc;
        MaxPacketSize = maxPacketSize;
        NextSequence = firstSequence;
        _packet = new byte[maxPacketSize];
    }

    protected const int RtpHeaderLength = 12;

    public int PayloadType { get; }

    public uint Ssrc { get; }

    public int MaxPacketSize { get; }

    /// <summary>Sequence number of the next packet.</summary>
    public ushort NextSequence { get; private set; }

    /// <summary>Largest payload per packet.</summary>
    protected int MaxPayload => MaxPacketSize - RtpHeaderLength;

    /// <summary>Packetizes one access unit (NAL list for video, one frame otherwise).</summary>
    public abstract void Packetize(ReadOnlySpan<byte> payload, ReadOnlySpan<NalRange> units, uint timestamp, IRtpPacketSink sink);

    /// <summary>The payload area of the next packet.</summary>
    protected Span<byte> PayloadArea => _packet.AsSpan(RtpHeaderLength);

    /// <summary>Sends the packet whose payload (already in <see cref="PayloadArea"/>) is <paramref name="payloadLength"/> bytes.</summary>
    protected void Send(int payloadLength, uint timestamp, bool marker, IRtpPacketSink sink)
    {
        _packet[0] = 0x80;
        _packet[1] = (byte)((marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), NextSequence);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), Ssrc);
        NextSequence++;
        sink.OnPacket(_packet.AsSpan(0, RtpHeaderLength + payloadLength));
    }
}
