using System.Buffers.Binary;

namespace Nvr.Pipeline.Rtp;

/// <summary>
/// A parsed view of one RTP packet (RFC 3550 §5.1) over caller-owned bytes; nothing is copied. CSRC lists,
/// header extensions and padding are skipped so <see cref="Payload"/> is exactly the payload.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;

    private RtpPacket(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    public bool Marker { get; }

    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Parses <paramref name="data"/>; false for anything that is not a well-formed RTP version 2 packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderLength || (data[0] >> 6) != 2)
        {
            return false;
        }

        var csrcCount = data[0] & 0x0F;
        var offset = FixedHeaderLength + (csrcCount * 4);
        if ((data[0] & 0x10) != 0)
        {
            if (data.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + (BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]) * 4);
        }

        var end = data.Length;
        if ((data[0] & 0x20) != 0)
        {
            if (end == 0)
            {
                return false;
            }

            end -= data[end - 1];
        }

        if (offset > end)
        {
            return false;
        }

        packet = new RtpPacket(
            (data[1] & 0x80) != 0,
            (byte)(data[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            data[offset..end]);
        return true;
    }
}
