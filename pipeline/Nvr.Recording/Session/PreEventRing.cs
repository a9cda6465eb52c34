namespace Nvr.Recording.Session;

/// <summary>
/// The pre-event ring of event recording: the pooled, ref-counted access units themselves (not copies), in the order
/// they would be written, grouped in GOPs that each start with a unit a recording may start with. It only ever holds
/// whole GOPs: a unit that does not start a GOP is refused while no GOP is held, and units leave from the old end GOP
/// by GOP. Both queues are circular arrays that grow by doubling and are reused, so holding a unit allocates nothing
/// once the ring has reached its working size. Not thread-safe (session loop); <see cref="Count"/> and
/// <see cref="Bytes"/> may be read from any thread as a snapshot.
/// </summary>
internal sealed class PreEventRing
{
    private HeldUnit[] _units;
    private int _head;
    private int _count;
    private long _headSequence;
    private long _bytes;
    private long[] _gopStarts;
    private DateTime[] _gopUtc;
    private int _gopHead;
    private int _gopCount;

    public PreEventRing(int initialCapacity = 256)
    {
        int capacity = Math.Max(4, initialCapacity);
        _units = new HeldUnit[capacity];
        _gopStarts = new long[Math.Max(4, capacity / 16)];
        _gopUtc = new DateTime[_gopStarts.Length];
    }

    /// <summary>Units held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Payload bytes held.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>GOPs held (the first may be partly taken during a replay).</summary>
    public int GopCount => _gopCount;

    /// <summary>UTC of the oldest GOP start held (meaningful when <see cref="GopCount"/> &gt; 0).</summary>
    public DateTime OldestGopUtc => _gopUtc[_gopHead];

    /// <summary>Latest UTC of a unit added since the ring was last empty.</summary>
    public DateTime NewestUtc { get; private set; }

    /// <summary>Holds <paramref name="unit"/>. False (nothing held) for a unit that cannot start a GOP while none is held.</summary>
    public bool TryAdd(in HeldUnit unit)
    {
        if (!unit.StartsGop && _gopCount == 0)
        {
            return false;
        }

        if (_count == _units.Length)
        {
            GrowUnits();
        }

        long sequence = _headSequence + _count;
        _units[(_head + _count) % _units.Length] = unit;
        _count++;
        _bytes += unit.Unit.Size;
        if (unit.Utc > NewestUtc)
        {
            NewestUtc = unit.Utc;
        }

        if (unit.StartsGop)
        {
            if (_gopCount == _gopStarts.Length)
            {
                GrowGops();
            }

            int slot = (_gopHead + _gopCount) % _gopStarts.Length;
            _gopStarts[slot] = sequence;
            _gopUtc[slot] = unit.Utc;
            _gopCount++;
        }

        return true;
    }

    /// <summary>
    /// Releases whole GOPs from the old end while the next GOP starts at or before <paramref name="keepFromUtc"/>:
    /// afterwards the ring starts with the newest GOP start at or before that time, or with the oldest one held when
    /// none is that old. Returns the number of units released.
    /// </summary>
    public int ReleaseGopsBefore(DateTime keepFromUtc)
    {
        int released = 0;
        while (_gopCount >= 2 && _gopUtc[(_gopHead + 1) % _gopUtc.Length] <= keepFromUtc)
        {
            released += ReleaseOldestGop();
        }

        return released;
    }

    /// <summary>Releases the oldest GOP (all of the ring when it holds one). Returns the number of units released.</summary>
    public int ReleaseOldestGop()
    {
        long end = _gopCount >= 2 ? _gopStarts[(_gopHead + 1) % _gopStarts.Length] : _headSequence + _count;
        int released = 0;
        while (_headSequence < end && TryTake(out var unit))
        {
            unit.Unit.Release();
            released++;
        }

        return released;
    }

    /// <summary>Takes the oldest unit (the caller owns its reference).</summary>
    public bool TryTake(out HeldUnit unit)
    {
        if (_count == 0)
        {
            unit = default;
            return false;
        }

        unit = _units[_head];
        _units[_head] = default;
        if (_gopCount > 0 && _gopStarts[_gopHead] == _headSequence)
        {
            _gopHead = (_gopHead + 1) % _gopStarts.Length;
            _gopCount--;
        }

        _head = (_head + 1) % _units.Length;
        _headSequence++;
        _count--;
        _bytes -= unit.Unit.Size;
        if (_count == 0)
        {
            NewestUtc = default;
        }

        return true;
    }

    /// <summary>Releases everything held. Returns the number of units released.</summary>
    public int Clear()
    {
        int released = 0;
        while (TryTake(out var unit))
        {
            unit.Unit.Release();
            released++;
        }

        return released;
    }

    private void GrowUnits()
    {
        var larger = new HeldUnit[_units.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            larger[i] = _units[(_head + i) % _units.Length];
        }

        _units = larger;
        _head = 0;
    }

    private void GrowGops()
    {
        var starts = new long[_gopStarts.Length * 2];
        var utc = new DateTime[starts.Length];
        for (int i = 0; i < _gopCount; i++)
        {
            starts[i] = _gopStarts[(_gopHead + i) % _gopStarts.Length];
            utc[i] = _gopUtc[(_gopHead + i) % _gopUtc.Length];
        }

        _gopStarts = starts;
        _gopUtc = utc;
        _gopHead = 0;
    }
}
