using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>
/// Holds the first units of a timeline until the span timeline can be anchored on an RTCP sender report: released
/// when every track that delivered units has a report-timed unit, or when a track has held
/// <see cref="Wait"/> of media (the source sends no reports: arrival time anchors), or at <see cref="MaxUnits"/>.
/// Decisions are returned; the owner replays what it takes, in arrival order. No allocation per unit.
/// </summary>
internal sealed class FirstReportWait
{
    private readonly Queue<(TrackLane Lane, AccessUnit Unit, long Pts)> _held = new(256);
    private readonly TrackLane[] _lanes;
    private readonly long[] _firstPts;
    private readonly bool[] _seen;
    private bool _waiting;

    public FirstReportWait(TrackLane[] lanes, TimeSpan wait, int maxUnits = 2048)
    {
        _lanes = lanes;
        _firstPts = new long[lanes.Length];
        _seen = new bool[lanes.Length];
        Wait = wait;
        MaxUnits = Math.Max(1, maxUnits);
        _waiting = wait > TimeSpan.Zero;
    }

    public TimeSpan Wait { get; }

    public int MaxUnits { get; }

    /// <summary>True while units must be held.</summary>
    public bool Waiting => _waiting;

    public int Count => _held.Count;

    /// <summary>Holds a unit (whose time the lane's clock has observed); true when the wait is over.</summary>
    public bool Hold(TrackLane lane, AccessUnit unit, long pts)
    {
        _held.Enqueue((lane, unit, pts));
        int i = lane.Index;
        if (!_seen[i])
        {
            _seen[i] = true;
            _firstPts[i] = pts;
        }

        if (_held.Count >= MaxUnits || pts - _firstPts[i] >= (long)((Int128)Wait.Ticks * lane.Timescale / TimeSpan.TicksPerSecond))
        {
            _waiting = false;
        }
        else
        {
            _waiting = false;
            for (int l = 0; l < _lanes.Length; l++)
            {
                if (_seen[l] && !_lanes[l].Clock.FromSenderReport)
                {
                    _waiting = true;
                    break;
                }
            }
        }

        return !_waiting;
    }

    /// <summary>Ends the wait (stop, end of source): everything held is to be taken.</summary>
    public void End() => _waiting = false;

    /// <summary>Takes the oldest held unit.</summary>
    public bool TryTake(out TrackLane lane, out AccessUnit unit, out long pts)
    {
        if (_held.TryDequeue(out var next))
        {
            (lane, unit, pts) = next;
            return true;
        }

        (lane, unit, pts) = (null!, null!, 0);
        return false;
    }

    /// <summary>A new timeline begins (reconnection): wait again for its first report.</summary>
    public void Restart()
    {
        _waiting = Wait > TimeSpan.Zero;
        Array.Clear(_seen);
    }
}
