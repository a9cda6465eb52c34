using System.Buffers.Binary;
using Nvr.Codecs.H264;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>
/// H.264 over RTP (RFC 6184, non-interleaved mode): single NAL unit packets (types 1-23), STAP-A (24) and
/// FU-A (28). STAP-B, MTAP and FU-B (interleaved mode) are refused as malformed. Keyframe = contains an IDR slice.
/// </summary>
public sealed class H264Depacketizer : NalDepacketizer
{
    public H264Depacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
    }

    protected override bool ReadPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || (payload[0] & 0x80) != 0)
        {
            return false;
        }

        var type = H264Nal.Type(payload[0]);
        if (H264Nal.IsSingleUnitPacketType(type))
        {
            AddNal(payload);
            return true;
        }

        if (type == H264Nal.StapA)
        {
            return ReadAggregate(payload[1..]);
        }

        if (type == H264Nal.FuA)
        {
            return ReadFragment(payload);
        }

        return false;
    }

    protected override bool IsKeyframeNal(ReadOnlySpan<byte> nal) => H264Nal.Type(nal[0]) == H264Nal.Idr;

    protected override ParameterSets? UpdatedParameterSets(ReadOnlySpan<byte> nal, ParameterSets current)
    {
        var type = H264Nal.Type(nal[0]);
        if (type == H264Nal.Sps && !nal.SequenceEqual(current.Sps))
        {
            return current with { Sps = nal.ToArray() };
        }

        if (type == H264Nal.Pps && !nal.SequenceEqual(current.Pps))
        {
            return current with { Pps = nal.ToArray() };
        }

        return null;
    }

    protected override void ResetFragment()
    {
    }

    private bool ReadAggregate(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
        {
            return false;
        }

        // Validate the whole aggregate first so a bad size never leaves half of it in the unit.
        var scan = rest;
        while (!scan.IsEmpty)
        {
            if (scan.Length < 2)
            {
                return false;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(scan);
            if (size == 0 || size > scan.Length - 2 || (scan[2] & 0x80) != 0)
            {
                return false;
            }

            scan = scan[(2 + size)..];
        }

        while (!rest.IsEmpty)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(rest);
            AddNal(rest.Slice(2, size));
            rest = rest[(2 + size)..];
        }

        return true;
    }

    private bool ReadFragment(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            return false;
        }

        var fuHeader = payload[1];
        var start = (fuHeader & 0x80) != 0;
        var end = (fuHeader & 0x40) != 0;
        if (start && end)
        {
            return false;
        }

        if (start)
        {
            Span<byte> header = [(byte)((payload[0] & H264Nal.ForbiddenAndRefIdcMask) | H264Nal.Type(fuHeader))];
            return BeginFragment(header, payload[2..]);
        }

        return ContinueFragment(payload[2..], end);
    }
}
