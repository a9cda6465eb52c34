namespace Nvr.Codecs.Bitstream;

/// <summary>
/// Finds NAL units in H.264/H.265 byte streams: Annex B (start codes 00 00 01 / 00 00 00 01) and length-prefixed
/// (avcC/hvcC sample format). Returns ranges into the input, never copies.
/// </summary>
public static class NalUnitReader
{
    /// <summary>
    /// Finds the next NAL unit of an Annex B byte stream at or after <paramref name="position"/>. On success
    /// <paramref name="nalUnit"/> is the NAL unit without start code and without trailing zero bytes, and
    /// <paramref name="position"/> is moved past it. Returns false at the end of the stream.
    /// </summary>
    public static bool TryReadAnnexB(ReadOnlySpan<byte> stream, ref int position, out Range nalUnit)
    {
        int start = FindStartCode(stream, position);
        if (start < 0)
        {
            position = stream.Length;
            nalUnit = default;
            return false;
        }
        int payload = start + 3;
        int next = FindStartCode(stream, payload);
        int end = next < 0 ? stream.Length : next;
        while (end > payload && stream[end - 1] == 0) end--; // trailing_zero_8bits and the 4-byte start code's 00
        position = next < 0 ? stream.Length : next;
        nalUnit = payload..end;
        return true;
    }

    /// <summary>Splits a whole Annex B stream into its NAL units (convenience for tests and tools; allocates the list).</summary>
    public static List<ReadOnlyMemory<byte>> SplitAnnexB(ReadOnlyMemory<byte> stream)
    {
        var list = new List<ReadOnlyMemory<byte>>();
        int position = 0;
        while (TryReadAnnexB(stream.Span, ref position, out Range r))
        {
            if (r.End.Value > r.Start.Value) list.Add(stream[r]);
        }
        return list;
    }

    /// <summary>
    /// Reads the next length-prefixed NAL unit (big-endian length of <paramref name="lengthSize"/> = 1, 2 or 4 bytes).
    /// Returns false at the end; throws <see cref="InvalidDataException"/> if a length runs past the end.
    /// </summary>
    public static bool TryReadLengthPrefixed(ReadOnlySpan<byte> sample, int lengthSize, ref int position, out Range nalUnit)
    {
        if (lengthSize is not (1 or 2 or 4)) throw new ArgumentOutOfRangeException(nameof(lengthSize));
        nalUnit = default;
        if (position >= sample.Length) return false;
        if (sample.Length - position < lengthSize) throw new InvalidDataException("Truncated NAL length field.");
        uint length = 0;
        for (int i = 0; i < lengthSize; i++) length = (length << 8) | sample[position + i];
        int begin = position + lengthSize;
        if (length > (uint)(sample.Length - begin)) throw new InvalidDataException("NAL length runs past the end of the sample.");
        nalUnit = begin..(begin + (int)length);
        position = begin + (int)length;
        return true;
    }

    /// <summary>
    /// Copies a NAL unit to <paramref name="rbsp"/> with emulation-prevention bytes (00 00 03) removed; returns the
    /// number of bytes written. <paramref name="rbsp"/> must be at least as long as <paramref name="nalUnit"/>.
    /// </summary>
    public static int ToRbsp(ReadOnlySpan<byte> nalUnit, Span<byte> rbsp)
    {
        int zeros = 0, n = 0;
        foreach (byte b in nalUnit)
        {
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }
            rbsp[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return n;
    }

    private static int FindStartCode(ReadOnlySpan<byte> s, int from)
    {
        for (int i = Math.Max(from, 0); i + 2 < s.Length; i++)
        {
            int k = s.Slice(i).IndexOf((byte)0);
            if (k < 0) return -1;
            i += k;
            if (i + 2 < s.Length && s[i + 1] == 0 && s[i + 2] == 1) return i;
        }
        return -1;
    }
}
