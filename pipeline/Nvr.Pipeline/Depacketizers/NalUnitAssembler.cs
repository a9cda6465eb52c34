using System.Buffers;
using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>Collects the NAL units of one access unit into a pooled buffer plus a range list.</summary>
internal sealed class NalUnitAssembler
{
    private PooledBuffer? buffer;
    private NalRange[] ranges = ArrayPool<NalRange>.Shared.Rent(16);
    private int count;
    private int openStart = -1;

    public int NalCount => count;

    public bool HasOpenNal => openStart >= 0;

    public int Size => buffer?.Length ?? 0;

    public bool IsEmpty => count == 0 && openStart < 0;

    public ReadOnlySpan<byte> LastNal => buffer!.Span.Slice(ranges[count - 1].Offset, ranges[count - 1].Length);

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
        openStart = b.Length;
        b.Append(header);
    }

    public void AppendToNal(ReadOnlySpan<byte> bytes) => buffer!.Append(bytes);

    public void EndNal()
    {
        AddRange(new NalRange(openStart, buffer!.Length - openStart));
        openStart = -1;
    }

    public AccessUnit Build(in AccessUnitInfo info)
    {
        var unit = AccessUnit.Create(info, buffer!, ranges.AsSpan(0, count));
        buffer = null;
        count = 0;
        openStart = -1;
        return unit;
    }

    public void Discard()
    {
        buffer?.Clear();
        count = 0;
        openStart = -1;
    }

    private PooledBuffer EnsureBuffer() => buffer ??= PooledBuffer.Rent(64 * 1024);

    private void AddRange(NalRange range)
    {
        if (count == ranges.Length)
        {
            var bigger = ArrayPool<NalRange>.Shared.Rent(count * 2);
            ranges.AsSpan(0, count).CopyTo(bigger);
            ArrayPool<NalRange>.Shared.Return(ranges);
            ranges = bigger;
        }

        ranges[count++] = range;
    }
}
