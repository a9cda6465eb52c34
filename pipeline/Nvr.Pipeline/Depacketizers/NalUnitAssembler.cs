using System.Buffers;
using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>Collects the NAL units of one access unit into a reused assembly buffer plus a range list.</summary>
internal sealed class NalUnitAssembler
{
    private PooledBuffer? _buffer;
    private NalRange[] _ranges = ArrayPool<NalRange>.Shared.Rent(16);
    private int _count;
    private int _openStart = -1;

    public int NalCount => _count;

    public bool HasOpenNal => _openStart >= 0;

    public int Size => _buffer?.Length ?? 0;

    public bool IsEmpty => _count == 0 && _openStart < 0;

    public ReadOnlySpan<byte> LastNal => _buffer!.Span.Slice(_ranges[_count - 1].Offset, _ranges[_count - 1].Length);

    public void AddNal(ReadOnlySpan<byte> nal)
    {
        var b = EnsureBuffer();
        var start = b.Length;
        b.Append(nal);
        AddRange(new NalRange(start, nal.Length));
    }

    public void BeginNal(ReadOnlySpan<byte> header)
    {
        var b = EnsureBuffer();
        _openStart = b.Length;
        b.Append(header);
    }

    public void AppendToNal(ReadOnlySpan<byte> bytes) => _buffer!.Append(bytes);

    public void EndNal()
    {
        AddRange(new NalRange(_openStart, _buffer!.Length - _openStart));
        _openStart = -1;
    }

    /// <summary>
    /// The unit, with a copy of the assembled bytes in a buffer of its own size: the assembly buffer (sized for the
    /// largest key frame) stays here, so a held P frame does not pin 64 KB.
    /// </summary>
    public AccessUnit Build(in AccessUnitInfo info)
    {
        var payload = PooledBuffer.Rent(_buffer!.Length);
        payload.Append(_buffer.Span);
        var unit = AccessUnit.Create(info, payload, _ranges.AsSpan(0, _count));
        _buffer.Clear();
        _count = 0;
        _openStart = -1;
        return unit;
    }

    public void Discard()
    {
        _buffer?.Clear();
        _count = 0;
        _openStart = -1;
    }

    private PooledBuffer EnsureBuffer() => _buffer ??= PooledBuffer.Rent(64 * 1024);

    private void AddRange(NalRange range)
    {
        if (_count == _ranges.Length)
        {
            var bigger = ArrayPool<NalRange>.Shared.Rent(_count * 2);
            _ranges.AsSpan(0, _count).CopyTo(bigger);
            ArrayPool<NalRange>.Shared.Return(_ranges);
            _ranges = bigger;
        }

        _ranges[_count++] = range;
    }
}
