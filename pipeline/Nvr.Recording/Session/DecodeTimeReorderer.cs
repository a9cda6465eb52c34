using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>
/// Rebuilds a strictly increasing decode time for video whose RTP timestamps are presentation times (B-frames
/// arrive in decode order with out-of-order PTS). Units are held back over a lookahead of a few frames; the n-th
/// unit leaving (in arrival = decode order) gets DTS = the n-th smallest PTS seen. With a reorder depth no larger
/// than the lookahead this is exact; the composition offset PTS − DTS may be negative. No allocation per unit.
/// </summary>
internal sealed class DecodeTimeReorderer
{
    private readonly AccessUnit?[] _units;
    private readonly long[] _pts;
    private readonly long[] _heap;
    private int _head;
    private int _count;
    private int _heapCount;

    public DecodeTimeReorderer(int lookahead)
    {
        Lookahead = Math.Max(0, lookahead);
        _units = new AccessUnit?[Lookahead + 1];
        _pts = new long[Lookahead + 1];
        _heap = new long[Lookahead + 1];
    }

    public int Lookahead { get; }

    public int Count => _count;

    /// <summary>Adds a unit in decode order. Returns true when the oldest unit left with its PTS and DTS.</summary>
    public bool Push(AccessUnit unit, long pts, out AccessUnit ready, out long readyPts, out long readyDts)
    {
        int tail = (_head + _count) % _units.Length;
        _units[tail] = unit;
        _pts[tail] = pts;
        _count++;
        HeapPush(pts);
        if (_count > Lookahead)
        {
            return TryPop(out ready, out readyPts, out readyDts);
        }

        ready = null!;
        readyPts = 0;
        readyDts = 0;
        return false;
    }

    /// <summary>Takes the oldest held unit (used to drain at the end of a timeline).</summary>
    public bool TryPop(out AccessUnit ready, out long readyPts, out long readyDts)
    {
        if (_count == 0)
        {
            ready = null!;
            readyPts = 0;
            readyDts = 0;
            return false;
        }

        ready = _units[_head]!;
        readyPts = _pts[_head];
        _units[_head] = null;
        _head = (_head + 1) % _units.Length;
        _count--;
        readyDts = HeapPop();
        return true;
    }

    /// <summary>Releases every held unit (timeline abandoned).</summary>
    public void Clear()
    {
        while (TryPop(out var unit, out _, out _))
        {
            unit.Release();
        }

        _head = 0;
        _heapCount = 0;
    }

    private void HeapPush(long value)
    {
        int i = _heapCount++;
        _heap[i] = value;
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (_heap[parent] <= _heap[i])
            {
                break;
            }

            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private long HeapPop()
    {
        long top = _heap[0];
        _heap[0] = _heap[--_heapCount];
        int i = 0;
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= _heapCount)
            {
                break;
            }

            int smallest = left + 1 < _heapCount && _heap[left + 1] < _heap[left] ? left + 1 : left;
            if (_heap[i] <= _heap[smallest])
            {
                break;
            }

            (_heap[i], _heap[smallest]) = (_heap[smallest], _heap[i]);
            i = smallest;
        }

        return top;
    }
}
