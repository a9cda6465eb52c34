using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>
/// What a track's source says its media time is in UTC: the latest (presentation time, UTC) pair of its units, with a
/// pair timed by an RTCP sender report never replaced by one timed by arrival. This is the observation the span
/// timeline is anchored on and slewed towards; it is not itself the timeline segments are keyed with.
/// </summary>
internal sealed class TrackClock
{
    private long _referencePts;
    private DateTime _referenceUtc;

    /// <summary>True once a unit was observed on the current timeline.</summary>
    public bool HasReference { get; private set; }

    /// <summary>True when the reference comes from an RTCP sender report (not arrival time).</summary>
    public bool FromSenderReport { get; private set; }

    /// <summary>Presentation time of the reference pair (track timescale).</summary>
    public long ReferencePts => _referencePts;

    /// <summary>UTC of the reference pair.</summary>
    public DateTime ReferenceUtc => _referenceUtc;

    /// <summary>
    /// Takes a unit's time into account. A presentation time more than <paramref name="jumpTicks"/> away from the
    /// reference starts a new timeline (the old reference is forgotten, whatever its source).
    /// </summary>
    public void Observe(long pts, DateTime utc, TimeSource source, long jumpTicks)
    {
        if (HasReference && Math.Abs(pts - _referencePts) > jumpTicks)
        {
            Reset();
        }

        bool fromReport = source == TimeSource.SenderReport;
        if (fromReport || !FromSenderReport)
        {
            _referencePts = pts;
            _referenceUtc = utc;
            FromSenderReport = fromReport;
            HasReference = true;
        }
    }

    /// <summary>UTC of <paramref name="dts"/> on the observed mapping (extrapolated from the reference).</summary>
    public DateTime UtcOf(long dts, int timescale) => _referenceUtc.AddTicks(MediaTicks(dts - _referencePts, timescale));

    /// <summary>Media time in 100 ns ticks; 64-bit arithmetic unless it could overflow (about 10⁴ days).</summary>
    public static long MediaTicks(long delta, int timescale) =>
        delta is < (1L << 39) and > -(1L << 39)
            ? delta * TimeSpan.TicksPerSecond / timescale
            : (long)((Int128)delta * TimeSpan.TicksPerSecond / timescale);

    /// <summary>Forgets the reference (the track's timeline ended).</summary>
    public void Reset()
    {
        HasReference = false;
        FromSenderReport = false;
    }
}
