using System.Buffers.Binary;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>
/// H.264 over RTP (RFC 6184, non-interleaved mode): single NAL unit packets (types 1-23), STAP-A (24) and
/// FU-A (28). STAP-B, MTAP and FU-B (interleaved mode) are refused as malformed. Keyframe = contains an IDR slice.
/// </summary>
public sealed class H264Depacketizer : NalDepacketizer
{
    private const int StapA = 24;
    private const int FuA = 28;
    private const int Idr = 5;
    private const int Sps = 7;
    private const int Pps = 8;

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

        var type = payload[0] & 0x1F;
        if (type is >= 1 and <= 23)
        {
            AddNal(payload);
            return true;
        }

        if (type == StapA)
        {
            return ReadAggregate(payload[1..]);
        }

        if (type == FuA)
        {
            return ReadFragment(payload);
        }

        return false;
    }

    protected override bool IsKeyframeNal(ReadOnlySpan<byte> nal) => (nal[0] & 0x1F) == Idr;

    protected override ParameterSets? UpdatedParameterSets(ReadOnlySpan<byte> nal, ParameterSets current)
    {
        var type = nal[0] & 0x1F;
        if (type == Sps && !nal.SequenceEqual(current.Sps))
        {
            return current with { Sps = nal.ToArray() };
        }

        if (type == Pps && !nal.SequenceEqual(current.Pps))
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
            Span<byte> header = [(byte)((payload[0] & 0xE0) | (fuHeader & 0x1F))];
            return BeginFragment(header, payload[2..]);
        }

        return ContinueFragment(payload[2..], end);
    }
}
