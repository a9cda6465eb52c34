namespace Nvr.Pipeline.Simulator;

/// <summary>One packet of an rtpdump capture: RTP or RTCP, its offset from the capture start, its bytes.</summary>
public sealed record RtpDumpPacket(bool IsRtcp, TimeSpan Offset, byte[] Data)
{
    public int PayloadType => Data[1] & 0x7F;
}
