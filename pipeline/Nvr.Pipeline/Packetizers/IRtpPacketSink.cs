namespace Nvr.Pipeline.Packetizers;

/// <summary>Receives packets produced by a packetizer; the span is only valid during the call.</summary>
public interface IRtpPacketSink
{
    void OnPacket(ReadOnlySpan<byte> packet);
}
