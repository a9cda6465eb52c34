using System.Buffers;
using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Per-track state of a segment writer: pending samples (referenced payloads, not copied), UTC anchor and the
/// tfra entries of the open segment. Arrays are pooled and grow only; steady state allocates nothing.
/// </summary>
internal sealed class TrackState : IDisposable
{
    private ReadOnlyMemory<byte>[] _units = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(256);
    private IDisposable?[] _releases = ArrayPool<IDisposable?>.Shared.Rent(64);
    private int _unitCount;

    public TrackState(TrackDescription description, uint trackId)
    {
        Description = description;
        TrackId = trackId;
        NalLengthSize = description.Kind == TrackKind.Video ? 4 : 0;
        Protector = description.Kind == TrackKind.Metadata ? null : description.Protector;
    }

    /// <summary>The track's protector (never for metadata tracks).</summary>
    public ITrackProtector? Protector { get; }

    public TrackDescription Description { get; }

    public uint TrackId { get; }

    public int NalLengthSize { get; }

    // Pending samples, struct-of-arrays.
    public long[] Dts = ArrayPool<long>.Shared.Rent(64);
    public int[] Cto = ArrayPool<int>.Shared.Rent(64);
    public bool[] Sync = ArrayPool<bool>.Shared.Rent(64);
    public int[] FirstUnit = ArrayPool<int>.Shared.Rent(64);
    public int[] UnitCount = ArrayPool<int>.Shared.Rent(64);
    public int[] Size = ArrayPool<int>.Shared.Rent(64);
    public int Count;

    public ReadOnlyMemory<byte>[] Units => _units;

    // UTC anchor: utc(dts) = AnchorUtc + (dts - AnchorDts) / timescale.
    public bool HasAnchor;
    public long AnchorDts;
    public DateTime AnchorUtc;

    /// <summary>DTS of the writer's time origin (decode time 0) on this track's clock.</summary>
    public bool HasOrigin;
    public long OriginDts;

    /// <summary>Last DTS accepted (monotonicity check), and the last emitted sample's DTS/duration.</summary>
    public bool HasLast;
    public long LastDts;
    public long LastDuration;

    /// <summary>Segment bookkeeping.</summary>
    public long SegmentEndDts;
    public TfraEntry[] Tfra = ArrayPool<TfraEntry>.Shared.Rent(16);
    public int TfraCount;

    public long PendingDuration => Count == 0 ? 0 : Dts[Count - 1] - Dts[0];

    public DateTime UtcOf(long dts)
    {
        long d = dts - AnchorDts;
        long ts = Description.Timescale;
        long ticks = d / ts * TimeSpan.TicksPerSecond + d % ts * TimeSpan.TicksPerSecond / ts;
        return AnchorUtc.AddTicks(ticks);
    }

    public long DtsOf(DateTime utc)
    {
        long ticks = (utc - AnchorUtc).Ticks;
        long ts = Description.Timescale;
        return AnchorDts + ticks / TimeSpan.TicksPerSecond * ts + ticks % TimeSpan.TicksPerSecond * ts / TimeSpan.TicksPerSecond;
    }

    public void Enqueue(long dts, int cto, bool sync, ReadOnlySpan<ReadOnlyMemory<byte>> units, IDisposable? release)
    {
        if (Count == Dts.Length) GrowSamples();
        while (_unitCount + units.Length > _units.Length) Grow(ref _units, _unitCount);
        int size = 0;
        for (int i = 0; i < units.Length; i++)
        {
            _units[_unitCount + i] = units[i];
            size = checked(size + units[i].Length + NalLengthSize);
        }
        Dts[Count] = dts;
        Cto[Count] = cto;
        Sync[Count] = sync;
        FirstUnit[Count] = _unitCount;
        UnitCount[Count] = units.Length;
        Size[Count] = size;
        _releases[Count] = release;
        _unitCount += units.Length;
        Count++;
        HasLast = true;
        LastDts = dts;
    }

    public FragmentSamples View(int count, long totalSize) =>
        new(_units, FirstUnit, UnitCount, Size, 0, count, NalLengthSize, totalSize);

    /// <summary>Releases the first <paramref name="count"/> samples (after they were written) and shifts the rest down.</summary>
    public void RemoveFirst(int count)
    {
        for (int i = 0; i < count; i++)
        {
            IDisposable? r = _releases[i];
            _releases[i] = null;
            r?.Dispose();
        }
        int rest = Count - count;
        if (rest > 0)
        {
            int unitShift = FirstUnit[count];
            int restUnits = _unitCount - unitShift;
            Array.Copy(_units, unitShift, _units, 0, restUnits);
            Array.Copy(Dts, count, Dts, 0, rest);
            Array.Copy(Cto, count, Cto, 0, rest);
            Array.Copy(Sync, count, Sync, 0, rest);
            Array.Copy(UnitCount, count, UnitCount, 0, rest);
            Array.Copy(Size, count, Size, 0, rest);
            Array.Copy(_releases, count, _releases, 0, rest);
            for (int i = 0; i < rest; i++)
            {
                FirstUnit[i] = FirstUnit[count + i] - unitShift;
                _releases[count + i] = null;
            }
            Array.Clear(_units, restUnits, _unitCount - restUnits);
            _unitCount = restUnits;
        }
        else
        {
            Array.Clear(_units, 0, _unitCount);
            _unitCount = 0;
        }
        Count = rest;
    }

    public void AddTfra(in TfraEntry entry)
    {
        if (TfraCount == Tfra.Length) Grow(ref Tfra, TfraCount);
        Tfra[TfraCount++] = entry;
    }

    public void Dispose()
    {
        RemoveFirst(Count);
        ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(_units, true);
        ArrayPool<IDisposable?>.Shared.Return(_releases, true);
        ArrayPool<long>.Shared.Return(Dts);
        ArrayPool<int>.Shared.Return(Cto);
        ArrayPool<bool>.Shared.Return(Sync);
        ArrayPool<int>.Shared.Return(FirstUnit);
        ArrayPool<int>.Shared.Return(UnitCount);
        ArrayPool<int>.Shared.Return(Size);
        ArrayPool<TfraEntry>.Shared.Return(Tfra);
    }

    private void GrowSamples()
    {
        Grow(ref Dts, Count);
        Grow(ref Cto, Count);
        Grow(ref Sync, Count);
        Grow(ref FirstUnit, Count);
        Grow(ref UnitCount, Count);
        Grow(ref Size, Count);
        Grow(ref _releases, Count);
    }

    private static void Grow<T>(ref T[] array, int used)
    {
        T[] next = ArrayPool<T>.Shared.Rent(array.Length * 2);
        Array.Copy(array, next, used);
        ArrayPool<T>.Shared.Return(array, RuntimeHelpersIsRef<T>());
        array = next;
    }

    private static bool RuntimeHelpersIsRef<T>() => System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>();
}

/// <summary>One tfra entry: presentation time and moof offset of a fragment's first (sync) sample of a track.</summary>
internal readonly record struct TfraEntry(long Time, long MoofOffset, uint TrafNumber, uint SampleNumber);
