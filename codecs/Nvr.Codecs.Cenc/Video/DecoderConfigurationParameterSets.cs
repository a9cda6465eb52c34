using System.Buffers.Binary;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>
/// The parameter set NAL units carried by a decoder configuration record: <c>avcC</c> (ISO/IEC 14496-15 5.3.3) or
/// <c>hvcC</c> (8.3.3). Read once per track, so a protector can measure slice headers from the first frame.
/// </summary>
internal static class DecoderConfigurationParameterSets
{
    /// <summary>SPS and PPS units of an <c>avcC</c> payload; stops quietly at a truncated record.</summary>
    public static List<ReadOnlyMemory<byte>> FromAvcC(ReadOnlyMemory<byte> record)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        ReadOnlySpan<byte> r = record.Span;
        if (r.Length < 6)
        {
            return result;
        }

        int p = 6;
        if (!ReadUnits(record, ref p, r[5] & 0x1F /* numOfSequenceParameterSets */, result) || p >= r.Length)
        {
            return result;
        }

        int pps = r[p++];
        ReadUnits(record, ref p, pps, result);
        return result;
    }

    /// <summary>All NAL units (VPS, SPS, PPS, SEI) of an <c>hvcC</c> payload; stops quietly at a truncated record.</summary>
    public static List<ReadOnlyMemory<byte>> FromHvcC(ReadOnlyMemory<byte> record)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        ReadOnlySpan<byte> r = record.Span;
        if (r.Length < 23)
        {
            return result;
        }

        int arrays = r[22];
        int p = 23;
        for (int a = 0; a < arrays; a++)
        {
            if (p + 3 > r.Length)
            {
                break;
            }

            int count = BinaryPrimitives.ReadUInt16BigEndian(r[(p + 1)..]);
            p += 3;
            if (!ReadUnits(record, ref p, count, result))
            {
                break;
            }
        }

        return result;
    }

    private static bool ReadUnits(ReadOnlyMemory<byte> record, ref int p, int count, List<ReadOnlyMemory<byte>> into)
    {
        ReadOnlySpan<byte> r = record.Span;
        for (int i = 0; i < count; i++)
        {
            if (p + 2 > r.Length)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(r[p..]);
            if (p + 2 + length > r.Length)
            {
                return false;
            }

            into.Add(record.Slice(p + 2, length));
            p += 2 + length;
        }

        return true;
    }
}
