using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>
/// ONVIF metadata stream (<c>application/vnd.onvif.metadata</c>): the XML document of one instant is split over
/// packets with the same timestamp; the marker bit ends it. After a loss the rest of the document is skipped.
/// </summary>
public sealed class MetadataDepacketizer : Depacketizer
{
    private PooledBuffer? document;
    private long documentTimestamp;
    private bool skipUntilMarker;

    public MetadataDepacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
    }

    public override void Push(in RtpPacket packet, long timestamp, bool discontinuity)
    {
        if (discontinuity || (document is not null && timestamp != documentTimestamp))
        {
            DropDocument();
            skipUntilMarker = discontinuity;
        }

        if (skipUntilMarker)
        {
            Counters.Discarded();
            skipUntilMarker = !packet.Marker;
            return;
        }

        if (document is null)
        {
            document = PooledBuffer.Rent(Math.Max(packet.Payload.Length, 4096));
            documentTimestamp = timestamp;
        }

        document.Append(packet.Payload);
        if (document.Length > MaxUnitSize)
        {
            DropDocument();
            skipUntilMarker = !packet.Marker;
            return;
        }

        if (packet.Marker && document.Length == 0)
        {
            document.Release();
            document = null;
            Counters.Malformed();
            return;
        }

        if (packet.Marker)
        {
            var buffer = document;
            document = null;
            ReadOnlySpan<NalRange> range = [new NalRange(0, buffer.Length)];
            Emit(AccessUnit.Create(InfoFor(documentTimestamp, keyframe: true), buffer, range));
        }
    }

    public override void Reset()
    {
        DropDocument();
        skipUntilMarker = true;
    }

    private void DropDocument()
    {
        if (document is null)
        {
            return;
        }

        document.Release();
        document = null;
        Counters.Dropped();
    }
}
