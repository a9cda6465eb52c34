using System.Buffers.Binary;
using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;
using Nvr.Pipeline.Sdp;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>
/// MPEG-4 AAC over RTP, RFC 3640 <c>mpeg4-generic</c> (AAC-hbr / AAC-lbr): an AU-headers section (sizes and
/// indexes, bit lengths from fmtp) followed by the concatenated frames; one frame may also be fragmented over
/// several packets sharing a timestamp. Each raw frame (no ADTS) becomes one access unit, frame i of a packet at
/// timestamp + i × frame duration (fmtp <c>constantDuration</c>, else 1024 samples).
/// </summary>
public sealed class AacDepacketizer : Depacketizer
{
    private readonly int _sizeLength;
    private readonly int _indexLength;
    private readonly int _indexDeltaLength;
    private readonly int _frameDuration;
    private PooledBuffer? _fragment;
    private int _fragmentExpected;
    private long _fragmentTimestamp;

    public AacDepacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
        _sizeLength = SdpCodecs.IntParameter(stream.FormatParameters, "sizelength", 13);
        _indexLength = SdpCodecs.IntParameter(stream.FormatParameters, "indexlength", 3);
        _indexDeltaLength = SdpCodecs.IntParameter(stream.FormatParameters, "indexdeltalength", 3);
        _frameDuration = SdpCodecs.IntParameter(stream.FormatParameters, "constantduration", 1024);
        if (_sizeLength is < 1 or > 16 || _indexLength is < 0 or > 8 || _indexDeltaLength is < 0 or > 8 || _frameDuration <= 0)
        {
            throw new FormatException($"unsupported AAC fmtp: sizelength={_sizeLength} indexlength={_indexLength} indexdeltalength={_indexDeltaLength}");
        }
    }

    public override void Push(in RtpPacket packet, long timestamp, bool discontinuity)
    {
        if (discontinuity || (_fragment is not null && timestamp != _fragmentTimestamp))
        {
            DropFragment();
        }

        var payload = packet.Payload;
        if (payload.Length < 2)
        {
            Counters.Malformed();
            return;
        }

        var headerBits = BinaryPrimitives.ReadUInt16BigEndian(payload);
        var headerBytes = (headerBits + 7) / 8;
        var firstHeaderBits = _sizeLength + _indexLength;
        var otherHeaderBits = _sizeLength + _indexDeltaLength;
        if (headerBits < firstHeaderBits || 2 + headerBytes > payload.Length || (headerBits - firstHeaderBits) % otherHeaderBits != 0)
        {
            Counters.Malformed();
            DropFragment();
            return;
        }

        var headers = payload.Slice(2, headerBytes);
        var data = payload[(2 + headerBytes)..];
        var count = 1 + ((headerBits - firstHeaderBits) / otherHeaderBits);

        if (_fragment is not null)
        {
            ContinueFragment(data, packet.Marker);
            return;
        }

        var firstSize = (int)ReadBits(headers, 0, _sizeLength);
        if (count == 1 && firstSize > data.Length)
        {
            _fragment = PooledBuffer.Rent(firstSize);
            _fragment.Append(data);
            _fragmentExpected = firstSize;
            _fragmentTimestamp = timestamp;
            if (packet.Marker)
            {
                DropFragment();
                Counters.Malformed();
            }

            return;
        }

        // Validate all sizes before emitting anything, so a bad packet yields no partial output.
        var total = 0;
        var bit = 0;
        for (var i = 0; i < count; i++)
        {
            total += (int)ReadBits(headers, bit, _sizeLength);
            bit += i == 0 ? firstHeaderBits : otherHeaderBits;
        }

        if (total > data.Length)
        {
            Counters.Malformed();
            return;
        }

        bit = 0;
        for (var i = 0; i < count; i++)
        {
            var size = (int)ReadBits(headers, bit, _sizeLength);
            bit += i == 0 ? firstHeaderBits : otherHeaderBits;
            EmitFrame(data[..size], timestamp + ((long)i * _frameDuration));
            data = data[size..];
        }
    }

    public override void Reset() => DropFragment();

    private void ContinueFragment(ReadOnlySpan<byte> data, bool marker)
    {
        _fragment!.Append(data);
        if (_fragment.Length > _fragmentExpected)
        {
            Counters.Malformed();
            DropFragment();
            return;
        }

        if (_fragment.Length == _fragmentExpected)
        {
            var buffer = _fragment;
            _fragment = null;
            ReadOnlySpan<NalRange> range = [new NalRange(0, buffer.Length)];
            Emit(AccessUnit.Create(InfoFor(_fragmentTimestamp, keyframe: true), buffer, range));
        }
        else if (marker)
        {
            Counters.Malformed();
            DropFragment();
        }
    }

    private void EmitFrame(ReadOnlySpan<byte> frame, long timestamp)
    {
        if (frame.IsEmpty)
        {
            Counters.Malformed();
            return;
        }

        var buffer = PooledBuffer.Rent(frame.Length);
        buffer.Append(frame);
        ReadOnlySpan<NalRange> range = [new NalRange(0, frame.Length)];
        Emit(AccessUnit.Create(InfoFor(timestamp, keyframe: true), buffer, range));
    }

    private void DropFragment()
    {
        if (_fragment is null)
        {
            return;
        }

        _fragment.Release();
        _fragment = null;
        Counters.Dropped();
    }

    private static uint ReadBits(ReadOnlySpan<byte> data, int bitOffset, int bitCount)
    {
        uint value = 0;
        for (var i = 0; i < bitCount; i++)
        {
            var b = bitOffset + i;
            value = (value << 1) | (uint)((data[b >> 3] >> (7 - (b & 7))) & 1);
        }

        return value;
    }
}
