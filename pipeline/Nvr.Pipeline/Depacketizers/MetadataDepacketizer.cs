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
    private PooledBuffer? _document;
    private long _documentTimestamp;
    private bool _skipUntilMarker;

    public MetadataDepacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
    }

    public override void Push(in RtpPacket packet, long timestamp, bool discontinuity)
    {
        if (discontinuity || (_document is not null && timestamp != _documentTimestamp))
        {
            DropDocument();
            _skipUntilMarker = discontinuity;
        }

        if (_skipUntilMarker)
        {
            Counters.Discarded();
            _skipUntilMarker = !packet.Marker;
            return;
        }

        if (_document is null)
        {
            _document = PooledBuffer.Rent(Math.Max(packet.Payload.Length, 4096));
            _documentTimestamp = timestamp;
        }

        _document.Append(packet.Payload);
        if (_document.Length > MaxUnitSize)
        {
            DropDocument();
            _skipUntilMarker = !packet.Marker;
            return;
        }

        if (packet.Marker && _document.Length == 0)
        {
            _document.Release();
            _document = null;
            Counters.Malformed();
            return;
        }

        if (packet.Marker)
        {
            var buffer = _document;
            _document = null;
            ReadOnlySpan<NalRange> range = [new NalRange(0, buffer.Length)];
            Emit(AccessUnit.Create(InfoFor(_documentTimestamp, keyframe: true), buffer, range));
        }
    }

    public override void Reset()
    {
        DropDocument();
        _skipUntilMarker = true;
    }

    private void DropDocument()
    {
        if (_document is null)
        {
            return;
        }

        _document.Release();
        _document = null;
        Counters.Dropped();
    }
}
