namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>Writes H.265 syntax (u(n), ue(v), se(v)) most-significant bit first, and wraps it as a NAL unit with emulation prevention.</summary>
internal sealed class RbspWriter
{
    private readonly List<byte> _bytes = [];
    private int _bit;

    /// <summary>Bits written so far.</summary>
    public long BitCount => ((long)_bytes.Count * 8) - (_bit == 0 ? 0 : 8 - _bit);

    public RbspWriter U(int bits, long value)
    {
        for (int i = bits - 1; i >= 0; i--)
        {
            if (_bit == 0) _bytes.Add(0);
            if (((value >> i) & 1) != 0) _bytes[^1] |= (byte)(0x80 >> _bit);
            _bit = (_bit + 1) & 7;
        }

        return this;
    }

    public RbspWriter Flag(bool value) => U(1, value ? 1 : 0);

    public RbspWriter Ue(uint value)
    {
        ulong v = (ulong)value + 1;
        int length = 64 - System.Numerics.BitOperations.LeadingZeroCount(v);
        U(length - 1, 0);
        return U(length, (long)v);
    }

    public RbspWriter Se(int value) => Ue(value > 0 ? (uint)((2 * value) - 1) : (uint)(-2 * value));

    /// <summary>rbsp_trailing_bits() / byte_alignment(): a one bit, then zero bits to the byte boundary.</summary>
    public RbspWriter OneThenAlign()
    {
        U(1, 1);
        while (_bit != 0) U(1, 0);
        return this;
    }

    public RbspWriter Bytes(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) U(8, b);
        return this;
    }

    /// <summary>The NAL unit: 2-byte header (layer 0, temporal id 0), then the RBSP with 00 00 0x escaped as 00 00 03 0x.</summary>
    public byte[] ToNal(int nalType)
    {
        var nal = new List<byte> { (byte)(nalType << 1), 1 };
        int zeros = 0;
        foreach (byte b in _bytes)
        {
            if (zeros >= 2 && b <= 3)
            {
                nal.Add(3);
                zeros = 0;
            }

            nal.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. nal];
    }
}
