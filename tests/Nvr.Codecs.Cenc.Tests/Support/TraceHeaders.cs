using System.Globalization;
using System.Text.RegularExpressions;

namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>
/// Reads ffmpeg's <c>trace_headers</c> log of an H.265 stream: for each slice segment, in stream order, the RBSP bit
/// position (NAL header included) of <c>alignment_bit_equal_to_one</c>, i.e. where the header's byte_alignment() starts.
/// </summary>
internal static partial class TraceHeaders
{
    public static List<long> SliceAlignmentBitPositions(string traceLog)
    {
        var result = new List<long>();
        bool inSlice = false;
        foreach (string line in traceLog.Split('\n'))
        {
            if (line.EndsWith("] Slice Segment Header", StringComparison.Ordinal))
            {
                Assert.False(inSlice, "a slice segment header without byte_alignment in the trace");
                inSlice = true;
                continue;
            }

            Match m = AlignmentBit().Match(line);
            if (inSlice && m.Success)
            {
                result.Add(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                inSlice = false;
            }
        }

        Assert.False(inSlice, "the trace ends inside a slice segment header");
        return result;
    }

    /// <summary>NAL bytes that hold the first <paramref name="rbspBytes"/> RBSP bytes (counting 00 00 03 escapes).</summary>
    public static int NalBytesFor(ReadOnlySpan<byte> nal, int rbspBytes)
    {
        int kept = 0, zeros = 0, i = 0;
        while (kept < rbspBytes)
        {
            byte b = nal[i++];
            if (zeros == 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            kept++;
            zeros = b == 0 ? Math.Min(zeros + 1, 2) : 0;
        }

        return i;
    }

    [GeneratedRegex(@"\]\s+(\d+)\s+alignment_bit_equal_to_one\s")]
    private static partial Regex AlignmentBit();
}
