using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>G.711 µ-law / A-law (RFC 3551): every packet's samples form one access unit.</summary>
public sealed class G711Depacketizer : Depacketizer
{
    public G711Depacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
    }

    public override void Push(in RtpPacket packet, long timestamp, bool discontinuity)
    {
        var payload = packet.Payload;
        if (payload.IsEmpty)
        {
            Counters.Malformed();
            return;
        }

        var buffer = PooledBuffer.Rent(payload.Length);
        buffer.Append(payload);
        ReadOnlySpan<NalRange> range = [new NalRange(0, payload.Length)];
        Emit(AccessUnit.Create(InfoFor(timestamp, keyframe: true), buffer, range));
    }

    public override void Reset()
    {
    }
}
