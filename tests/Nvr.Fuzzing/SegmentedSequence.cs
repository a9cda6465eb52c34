using System.Buffers;

namespace Nvr.Fuzzing;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe hands over bytes that arrived in pieces.</summary>
public static class SegmentedSequence
{
    /// <summary>Cuts <paramref name="data"/> into segments whose lengths cycle through <paramref name="pattern"/> (1..16 each).</summary>
    public static ReadOnlySequence<byte> Of(ReadOnlySpan<byte> data, byte pattern)
    {
        if (data.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null, last = null;
        var offset = 0;
        var step = 0;
        while (offset < data.Length)
        {
            var length = Math.Min(data.Length - offset, 1 + ((pattern >> (step++ % 2 * 4)) & 0x0F));
            if (pattern == 0)
            {
                length = data.Length - offset; // one segment
            }

            var segment = new Segment(data.Slice(offset, length).ToArray(), last);
            first ??= segment;
            last = segment;
            offset += length;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, Segment? previous)
        {
            Memory = bytes;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
