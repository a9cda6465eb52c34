using System.Collections.Concurrent;
using Nvr.Pipeline.Buffers;

namespace Nvr.Pipeline.Media;

/// <summary>
/// One decodable unit of a stream: a video frame as a list of NAL units (no start codes, no length prefixes),
/// or one raw audio frame / metadata document. Payload bytes live in a pooled, reference-counted buffer: every
/// holder calls <see cref="Release"/> (or <see cref="Dispose"/>) exactly once; <see cref="AddRef"/> adds a holder.
/// </summary>
public sealed class AccessUnit : IDisposable
{
    private const int MaxFree = 1024;
    private static readonly ConcurrentQueue<AccessUnit> Free = new();
    private static int FreeCount;

    private PooledBuffer? _payload;
    private NalRange[] _ranges = [];
    private int _refCount;

    private AccessUnit()
    {
    }

    /// <summary>Index of the stream in the session description (order of SDP <c>m=</c> lines that were set up).</summary>
    public int StreamIndex { get; private set; }

    public MediaKind Kind { get; private set; }

    public MediaCodec Codec { get; private set; }

    /// <summary>RTP timestamp unwrapped to 64 bits, in the stream's clock rate (presentation time).</summary>
    public long RtpTimestamp { get; private set; }

    /// <summary>Clock rate of <see cref="RtpTimestamp"/> (Hz).</summary>
    public int ClockRate { get; private set; }

    /// <summary>Wall-clock time of this unit (UTC), from RTCP sender reports or the arrival fallback.</summary>
    public DateTime UtcTime { get; internal set; }

    public TimeSource TimeSource { get; internal set; }

    /// <summary>
    /// Units of this stream were lost or dropped between the previous emitted unit and this one (a sequence gap, or
    /// units skipped until this key frame): the stream has a hole right before this unit.
    /// </summary>
    public bool FollowsLoss { get; internal set; }

    /// <summary>Video: the unit starts a GOP (IDR / IRAP). Audio and metadata units are always key units.</summary>
    public bool IsKeyframe { get; private set; }

    /// <summary>Number of NAL units (video) or 1 (audio, metadata).</summary>
    public int NalUnitCount { get; private set; }

    /// <summary>Offsets of the NAL units (or the single frame) inside <see cref="Payload"/>.</summary>
    public ReadOnlySpan<NalRange> NalRanges => _ranges.AsSpan(0, NalUnitCount);

    /// <summary>All payload bytes: the NAL units back to back (no separators), or the raw frame.</summary>
    public ReadOnlyMemory<byte> Payload => _payload is null ? ReadOnlyMemory<byte>.Empty : _payload.Memory;

    /// <summary>Total payload size in bytes.</summary>
    public int Size => _payload?.Length ?? 0;

    /// <summary>The <paramref name="index"/>th NAL unit (or the frame when index is 0).</summary>
    public ReadOnlyMemory<byte> GetNalUnit(int index)
    {
        if ((uint)index >= (uint)NalUnitCount)
        {
            PipelineThrow.ArgumentOutOfRange(nameof(index));
        }

        var r = _ranges[index];
        return Payload.Slice(r.Offset, r.Length);
    }

    /// <summary>Adds a holder (e.g. before handing the unit to a second consumer).</summary>
    public void AddRef()
    {
        if (Interlocked.Increment(ref _refCount) <= 1)
        {
            PipelineThrow.ObjectDisposed(nameof(AccessUnit));
        }
    }

    /// <summary>Drops a holder; the last one returns buffer and object to their pools.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _refCount);
        if (left > 0)
        {
            return;
        }

        if (left < 0)
        {
            PipelineThrow.ObjectDisposed(nameof(AccessUnit));
        }

        _payload?.Release();
        _payload = null;
        NalUnitCount = 0; // the range array stays with the pooled object (most units need the same few entries)
        if (Interlocked.Increment(ref FreeCount) <= MaxFree)
        {
            Free.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref FreeCount);
        }
    }

    /// <summary>Same as <see cref="Release"/>.</summary>
    public void Dispose() => Release();

    /// <summary>
    /// Builds a unit that takes over one reference of <paramref name="buffer"/> and copies <paramref name="nalRanges"/>.
    /// </summary>
    public static AccessUnit Create(
        in AccessUnitInfo info,
        PooledBuffer buffer,
        ReadOnlySpan<NalRange> nalRanges)
    {
        if (!Free.TryDequeue(out var unit))
        {
            unit = new AccessUnit();
        }
        else
        {
            Interlocked.Decrement(ref FreeCount);
        }

        unit.StreamIndex = info.StreamIndex;
        unit.Kind = info.Kind;
        unit.Codec = info.Codec;
        unit.ClockRate = info.ClockRate;
        unit.RtpTimestamp = info.RtpTimestamp;
        unit.IsKeyframe = info.IsKeyframe;
        unit.UtcTime = info.UtcTime;
        unit.TimeSource = info.TimeSource;
        unit.FollowsLoss = false;
        unit._payload = buffer;
        if (unit._ranges.Length < nalRanges.Length || unit._ranges.Length == 0)
        {
            unit._ranges = new NalRange[Math.Max(4, nalRanges.Length)];
        }

        nalRanges.CopyTo(unit._ranges);
        unit.NalUnitCount = nalRanges.Length;
        unit._refCount = 1;
        return unit;
    }
}
