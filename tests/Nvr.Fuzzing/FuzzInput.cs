using System.Buffers.Binary;
using System.Text;

namespace Nvr.Fuzzing;

/// <summary>Structured reading of a fuzz input: selector bytes and length-prefixed chunks that end where the input ends.</summary>
public ref struct FuzzInput
{
    private ReadOnlySpan<byte> _rest;

    public FuzzInput(ReadOnlySpan<byte> data) => _rest = data;

    public readonly bool IsEmpty => _rest.IsEmpty;

    public readonly ReadOnlySpan<byte> Rest => _rest;

    /// <summary>The next byte, 0 once the input is used up.</summary>
    public byte Byte()
    {
        if (_rest.IsEmpty)
        {
            return 0;
        }

        var value = _rest[0];
        _rest = _rest[1..];
        return value;
    }

    /// <summary>A chunk of [u16 big-endian length][bytes], cut short at the end of the input.</summary>
    public ReadOnlySpan<byte> Chunk()
    {
        if (_rest.Length < 2)
        {
            var last = _rest;
            _rest = default;
            return last;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        var available = Math.Min(length, _rest.Length - 2);
        var chunk = _rest.Slice(2, available);
        _rest = _rest[(2 + available)..];
        return chunk;
    }

    /// <summary>Latin-1 text of the remaining bytes (every byte a character, as headers are read).</summary>
    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>UTF-8 text (invalid sequences become U+FFFD, as a decoder of the wire would do).</summary>
    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
