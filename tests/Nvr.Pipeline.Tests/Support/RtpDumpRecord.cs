namespace Nvr.Pipeline.Tests.Support;

/// <summary>One packet of an rtpdump file.</summary>
public sealed record RtpDumpRecord(bool IsRtcp, uint OffsetMilliseconds, byte[] Packet)
{
    public int PayloadType => Packet[1] & 0x7F;
}
