namespace Nvr.Scheduling.Calendar;

/// <summary>Half-open instant intervals [start, end) in UTC ticks, kept sorted and merged after <see cref="Seal"/>.</summary>
internal sealed class InstantIntervalSet
{
    private readonly List<(long Start, long End)> _items = [];

    public int Count => _items.Count;

    public void Add(long start, long end)
    {
        if (end > start)
        {
            _items.Add((start, end));
        }
    }

    public void AddAll(InstantIntervalSet other) => _items.AddRange(other._items);

    public IEnumerable<(long Start, long End)> Items => _items;

    /// <summary>Sorts and merges overlapping or touching intervals.</summary>
    public void Seal()
    {
        if (_items.Count < 2)
        {
            return;
        }

        _items.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var write = 0;
        for (var read = 1; read < _items.Count; read++)
        {
            var current = _items[write];
            var next = _items[read];
            if (next.Start <= current.End)
            {
                _items[write] = (current.Start, Math.Max(current.End, next.End));
            }
            else
            {
                _items[++write] = next;
            }
        }

        _items.RemoveRange(write + 1, _items.Count - write - 1);
    }

    /// <summary>Whether <paramref name="ticks"/> lies in an interval (start inclusive, end exclusive). Needs <see cref="Seal"/>.</summary>
    public bool Contains(long ticks)
    {
        int lo = 0, hi = _items.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var (start, end) = _items[mid];
            if (ticks < start)
            {
                hi = mid - 1;
            }
            else if (ticks >= end)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends every interval boundary strictly inside (after, before) to <paramref name="sink"/>.</summary>
    public void AppendBoundaries(long after, long before, List<long> sink)
    {
        foreach (var (start, end) in _items)
        {
            if (start > after && start < before)
            {
                sink.Add(start);
            }

            if (end > after && end < before)
            {
                sink.Add(end);
            }
        }
    }
}
