using Nvr.Pipeline.Packetizers;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>Copies every packet a packetizer produces.</summary>
public sealed class PacketCollector : IRtpPacketSink
{
    public List<byte[]> Packets { get; } = [];

    public void OnPacket(ReadOnlySpan<byte> packet) => Packets.Add(packet.ToArray());
}
