using System.Buffers.Binary;

namespace Nvr.Pipeline.Rtp;

/// <summary>
/// The sender-info of an RTCP Sender Report (RFC 3550 §6.4.1): which NTP wall-clock instant corresponds to
/// which RTP timestamp of the sender's stream.
/// </summary>
public readonly record struct RtcpSenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp)
{
    private const int SenderReportType = 200;

    /// <summary>NTP era 0 starts at 1900-01-01T00:00:00Z.</summary>
    private static readonly long NtpEpochTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>The report's wall-clock time.</summary>
    public DateTime NtpTimeUtc => FromNtp(NtpTimestamp);

    /// <summary>Converts a 64-bit NTP timestamp (32.32 fixed point seconds since 1900) to UTC.</summary>
    public static DateTime FromNtp(ulong ntp)
    {
        var seconds = ntp >> 32;
        var fraction = ntp & 0xFFFF_FFFF;
        var ticks = (long)(seconds * TimeSpan.TicksPerSecond) + (long)((fraction * TimeSpan.TicksPerSecond) >> 32);
        return new DateTime(NtpEpochTicks + ticks, DateTimeKind.Utc);
    }

    /// <summary>Converts UTC to a 64-bit NTP timestamp.</summary>
    public static ulong ToNtp(DateTime utc)
    {
        var ticks = (ulong)(utc.Ticks - NtpEpochTicks);
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var rest = ticks % TimeSpan.TicksPerSecond;
        return (seconds << 32) | ((rest << 32) / TimeSpan.TicksPerSecond);
    }

    /// <summary>Finds the first sender report in a compound RTCP packet; false when there is none or it is malformed.</summary>
    public static bool TryFind(ReadOnlySpan<byte> compound, out RtcpSenderReport report)
    {
        report = default;
        while (compound.Length >= 4)
        {
            if ((compound[0] >> 6) != 2)
            {
                return false;
            }

            var length = (BinaryPrimitives.ReadUInt16BigEndian(compound[2..]) + 1) * 4;
            if (length > compound.Length)
            {
                return false;
            }

            if (compound[1] == SenderReportType && length >= 28)
            {
                report = new RtcpSenderReport(
                    BinaryPrimitives.ReadUInt32BigEndian(compound[4..]),
                    BinaryPrimitives.ReadUInt64BigEndian(compound[8..]),
                    BinaryPrimitives.ReadUInt32BigEndian(compound[16..]));
                return true;
            }

            compound = compound[length..];
        }

        return false;
    }

    /// <summary>Writes a minimal SR (no report blocks, zero counts) into <paramref name="destination"/>; returns 28.</summary>
    public int WriteTo(Span<byte> destination)
    {
        destination[0] = 0x80;
        destination[1] = SenderReportType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 6);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt64BigEndian(destination[20..], 0);
        return 28;
    }
}
