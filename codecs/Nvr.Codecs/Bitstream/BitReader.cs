namespace Nvr.Codecs.Bitstream;

/// <summary>
/// Reads bits most-significant first from an RBSP (a NAL unit payload with emulation-prevention bytes removed),
/// including Exp-Golomb codes (ue(v)/se(v) of H.264/H.265). Reading past the end throws
/// <see cref="InvalidDataException"/>.
/// </summary>
public ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private long _bit;

    /// <summary>Reads from <paramref name="rbsp"/>, starting at its first bit.</summary>
    public BitReader(ReadOnlySpan<byte> rbsp)
    {
        _data = rbsp;
        _bit = 0;
    }

    /// <summary>Bits not yet read.</summary>
    public readonly long BitsLeft => (long)_data.Length * 8 - _bit;

    /// <summary>Reads one bit.</summary>
    public bool ReadFlag() => ReadBits(1) != 0;

    /// <summary>Reads <paramref name="count"/> (0..32) bits as an unsigned value.</summary>
    public uint ReadBits(int count)
    {
        if ((uint)count > 32) throw new ArgumentOutOfRangeException(nameof(count));
        if (count > BitsLeft) ThrowEnd();
        uint value = 0;
        for (int i = 0; i < count; i++)
        {
            int b = _data[(int)(_bit >> 3)];
            value = (value << 1) | (uint)((b >> (7 - (int)(_bit & 7))) & 1);
            _bit++;
        }
        return value;
    }

    /// <summary>Skips <paramref name="count"/> bits; a negative count (a length computed from broken fields) is invalid data.</summary>
    public void Skip(long count)
    {
        if (count < 0) throw new InvalidDataException($"A field length of {count} bits.");
        if (count > BitsLeft) ThrowEnd();
        _bit += count;
    }

    /// <summary>Reads an unsigned Exp-Golomb code, ue(v).</summary>
    public uint ReadUe()
    {
        int zeros = 0;
        while (!ReadFlag())
        {
            if (++zeros > 31) throw new InvalidDataException("Exp-Golomb code longer than 32 bits.");
        }
        return zeros == 0 ? 0 : (uint)((1UL << zeros) - 1 + ReadBits(zeros));
    }

    /// <summary>Reads a signed Exp-Golomb code, se(v).</summary>
    public int ReadSe()
    {
        uint k = ReadUe();
        return (k & 1) != 0 ? (int)((k + 1) / 2) : -(int)(k / 2);
    }

    private static void ThrowEnd() => throw new InvalidDataException("Parameter set ends before all its fields were read.");
}
