using System.Buffers.Binary;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// The ONVIF replay RTP header extension (Streaming spec, "RTP header extension"): profile 0xABAC, length 3 words,
/// the NTP timestamp of the access unit, then C (clean point), E (end of a contiguous section), D (discontinuity),
/// T (terminal frame), four zero bits, the low byte of the PLAY CSeq and 16 bits of padding.
/// </summary>
public static class ReplayHeaderExtension
{
    /// <summary>Extension bytes including the 4-byte extension header.</summary>
    public const int Length = 16;

    public const ushort Profile = 0xABAC;

    [Flags]
    public enum Flags : byte
    {
        None = 0,
        CleanPoint = 0x80,
        EndOfSection = 0x40,
        Discontinuity = 0x20,
        Terminal = 0x10,
    }

    /// <summary>The flags of a frame's extension; <paramref name="discontinuity"/> for the first frame after a reposition.</summary>
    public static Flags FlagsOf(in ServedFrame frame, bool discontinuity) =>
        (frame.IsCleanPoint ? Flags.CleanPoint : 0)
        | (frame.EndOfSection ? Flags.EndOfSection : 0)
        | (discontinuity ? Flags.Discontinuity : 0)
        | (frame.IsTerminal ? Flags.Terminal : 0);

    public static void Write(Span<byte> destination, DateTime utc, Flags flags, int playCSeq)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Profile);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[4..], RtcpSenderReport.ToNtp(utc));
        destination[12] = (byte)flags;
        destination[13] = (byte)playCSeq;
        destination[14] = 0;
        destination[15] = 0;
    }

    /// <summary>Reads the extension of an RTP packet; false when it has none of this profile.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out DateTime utc, out Flags flags, out byte cseq)
    {
        utc = default;
        flags = Flags.None;
        cseq = 0;
        if (packet.Length < 12 || (packet[0] & 0x10) == 0)
        {
            return false;
        }

        var at = 12 + (4 * (packet[0] & 0x0F));
        if (packet.Length < at + Length || BinaryPrimitives.ReadUInt16BigEndian(packet[at..]) != Profile || BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 2)..]) < 3)
        {
            return false;
        }

        utc = RtcpSenderReport.FromNtp(BinaryPrimitives.ReadUInt64BigEndian(packet[(at + 4)..]));
        flags = (Flags)(packet[at + 12] & 0xF0);
        cseq = packet[at + 13];
        return true;
    }
}
