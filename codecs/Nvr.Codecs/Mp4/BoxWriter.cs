using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Nvr.Codecs.Mp4;

/// <summary>
/// Writes ISO-BMFF boxes (ISO/IEC 14496-12) big-endian into a growable buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>. Boxes are opened with <see cref="StartBox"/> / <see cref="StartFullBox"/>,
/// which return the box's start position, and closed with <see cref="EndBox"/>, which back-patches the 32-bit size.
/// Reuse one instance with <see cref="Reset"/>: once the buffer has grown, steady-state use allocates nothing.
/// Not thread-safe.
/// </summary>
public sealed class BoxWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _position;

    /// <summary>Creates a writer with at least <paramref name="initialCapacity"/> bytes of pooled storage.</summary>
    public BoxWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
    }

    /// <summary>Number of bytes written since the last <see cref="Reset"/>.</summary>
    public int Position => _position;

    /// <summary>The bytes written so far. Valid until the next write, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => new(_buffer, 0, _position);

    /// <summary>The bytes written so far, as a span.</summary>
    public ReadOnlySpan<byte> WrittenSpan => new(_buffer, 0, _position);

    /// <summary>Forgets everything written; keeps the buffer.</summary>
    public void Reset() => _position = 0;

    /// <summary>Opens a box: writes a placeholder 32-bit size and the 4-character type; returns the box start.</summary>
    public int StartBox(ReadOnlySpan<byte> type)
    {
        if (type.Length != 4) ThrowBadFourCc();
        int start = _position;
        WriteUInt32(0);
        WriteFourCc(type);
        return start;
    }

    /// <summary>Opens a full box (box header + 8-bit version + 24-bit flags); returns the box start.</summary>
    public int StartFullBox(ReadOnlySpan<byte> type, byte version, uint flags)
    {
        int start = StartBox(type);
        WriteUInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Closes the box opened at <paramref name="boxStart"/> by writing its size.</summary>
    public void EndBox(int boxStart) => PatchUInt32(boxStart, checked((uint)(_position - boxStart)));

    /// <summary>Overwrites 4 bytes at <paramref name="position"/> with a big-endian value.</summary>
    public void PatchUInt32(int position, uint value)
    {
        if ((uint)position > (uint)(_position - 4)) ThrowOutOfRange();
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(position, 4), value);
    }

    /// <summary>Overwrites 8 bytes at <paramref name="position"/> with a big-endian value.</summary>
    public void PatchUInt64(int position, ulong value)
    {
        if ((uint)position > (uint)(_position - 8)) ThrowOutOfRange();
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(position, 8), value);
    }

    /// <summary>Writes a 4-character code (exactly 4 bytes).</summary>
    public void WriteFourCc(ReadOnlySpan<byte> fourCc)
    {
        if (fourCc.Length != 4) ThrowBadFourCc();
        WriteBytes(fourCc);
    }

    /// <summary>Writes one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt8(byte value)
    {
        GetSpan(1)[0] = value;
        _position++;
    }

    /// <summary>Writes a big-endian 16-bit value.</summary>
    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(GetSpan(2), value);
        _position += 2;
    }

    /// <summary>Writes a big-endian 24-bit value (the low 24 bits of <paramref name="value"/>).</summary>
    public void WriteUInt24(uint value)
    {
        Span<byte> s = GetSpan(3);
        s[0] = (byte)(value >> 16);
        s[1] = (byte)(value >> 8);
        s[2] = (byte)value;
        _position += 3;
    }

    /// <summary>Writes a big-endian 32-bit value.</summary>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(GetSpan(4), value);
        _position += 4;
    }

    /// <summary>Writes a big-endian signed 32-bit value.</summary>
    public void WriteInt32(int value) => WriteUInt32(unchecked((uint)value));

    /// <summary>Writes a big-endian 64-bit value.</summary>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(GetSpan(8), value);
        _position += 8;
    }

    /// <summary>Copies <paramref name="bytes"/> into the buffer.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _position += bytes.Length;
    }

    /// <summary>Writes <paramref name="count"/> zero bytes.</summary>
    public void WriteZeros(int count)
    {
        GetSpan(count).Slice(0, count).Clear();
        _position += count;
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _position)) ThrowOutOfRange();
        _position += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_position);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_position);
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        byte[] b = _buffer;
        _buffer = [];
        _position = 0;
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - _position < sizeHint) Grow(sizeHint);
    }

    private void Grow(int sizeHint)
    {
        if (_buffer.Length == 0) throw new ObjectDisposedException(nameof(BoxWriter));
        int needed = checked(_position + sizeHint);
        byte[] next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _position).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    private static void ThrowOutOfRange() => throw new ArgumentOutOfRangeException("position", "Outside the written part of the box buffer.");

    private static void ThrowBadFourCc() => throw new ArgumentException("A box type / four-character code is exactly 4 bytes.", "fourCc");
}
