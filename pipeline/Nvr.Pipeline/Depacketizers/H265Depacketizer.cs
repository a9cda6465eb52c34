using System.Buffers.Binary;
using Nvr.Codecs.H265;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Sdp;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>
/// H.265 over RTP (RFC 7798): single NAL unit packets, aggregation packets (48) and fragmentation units (49),
/// with DONL/DOND fields skipped when <c>sprop-max-don-diff</c> &gt; 0. PACI (50) is refused as malformed.
/// Keyframe = contains an IRAP picture (NAL types 16-23).
/// </summary>
public sealed class H265Depacketizer : NalDepacketizer
{
    private readonly bool _donPresent;

    public H265Depacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
        _donPresent = SdpCodecs.IntParameter(stream.FormatParameters, "sprop-max-don-diff", 0) > 0;
    }

    protected override bool ReadPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3 || (payload[0] & 0x80) != 0)
        {
            return false;
        }

        var type = H265Nal.Type(payload[0]);
        if (H265Nal.IsSingleUnitPacketType(type))
        {
            AddNal(payload);
            return true;
        }

        return type switch
        {
            H265Nal.AggregationPacket => ReadAggregate(payload[2..]),
            H265Nal.FragmentationUnit => ReadFragment(payload),
            _ => false,
        };
    }

    protected override bool IsKeyframeNal(ReadOnlySpan<byte> nal) => H265Nal.IsRandomAccessPoint(H265Nal.Type(nal[0]));

    protected override ParameterSets? UpdatedParameterSets(ReadOnlySpan<byte> nal, ParameterSets current)
    {
        var type = H265Nal.Type(nal[0]);
        return type switch
        {
            H265Nal.Vps when !nal.SequenceEqual(current.Vps) => current with { Vps = nal.ToArray() },
            H265Nal.Sps when !nal.SequenceEqual(current.Sps) => current with { Sps = nal.ToArray() },
            H265Nal.Pps when !nal.SequenceEqual(current.Pps) => current with { Pps = nal.ToArray() },
            _ => null,
        };
    }

    protected override void ResetFragment()
    {
    }

    private bool ReadAggregate(ReadOnlySpan<byte> rest)
    {
        var scan = rest;
        var first = true;
        var units = 0;
        while (!scan.IsEmpty)
        {
            var skip = _donPresent ? (first ? 2 : 1) : 0;
            if (scan.Length < skip + 2)
            {
                return false;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(scan[skip..]);
            if (size < 2 || size > scan.Length - skip - 2 || (scan[skip + 2] & 0x80) != 0)
            {
                return false;
            }

            scan = scan[(skip + 2 + size)..];
            first = false;
            units++;
        }

        if (units == 0)
        {
            return false;
        }

        first = true;
        while (!rest.IsEmpty)
        {
            var skip = _donPresent ? (first ? 2 : 1) : 0;
            var size = BinaryPrimitives.ReadUInt16BigEndian(rest[skip..]);
            AddNal(rest.Slice(skip + 2, size));
            rest = rest[(skip + 2 + size)..];
            first = false;
        }

        return true;
    }

    private bool ReadFragment(ReadOnlySpan<byte> payload)
    {
        var fuHeader = payload[2];
        var start = (fuHeader & 0x80) != 0;
        var end = (fuHeader & 0x40) != 0;
        var type = fuHeader & H265Nal.TypeMask;
        if (start && end)
        {
            return false;
        }

        var bytes = payload[3..];
        if (start)
        {
            if (_donPresent)
            {
                if (bytes.Length < 2)
                {
                    return false;
                }

                bytes = bytes[2..];
            }

            Span<byte> header = [H265Nal.WithType(payload[0], type), payload[1]];
            return BeginFragment(header, bytes);
        }

        return ContinueFragment(bytes, end);
    }
}
