namespace Nvr.Storage.Retention;

/// <summary>
/// "Now" for MaximumRetentionTime, safe against a step of the host's wall clock: the wall clock, but never ahead of a
/// high-water mark that advances with monotonic time only. The mark starts at the wall clock, and it follows the wall
/// clock while the two agree within <see cref="StepTolerance"/> (slewing, reading jitter); a forward step of the wall
/// clock beyond the mark (a bogus RTC or NTP answer of +2 days) is not followed, so footage does not age by the step
/// and a recorder keeping evidence never wipes days of footage on a clock jump. A backward step is followed at once
/// (deleting later is safe), and a forward step that only takes a backward step back is followed too (up to the mark).
/// The price of a genuine forward correction is footage kept longer by the step (<see cref="Lag"/>) until the
/// appliance restarts; the free-space watermark, which is not clock-based, still bounds the disk. Thread-safe.
/// </summary>
public sealed class RetentionClock
{
    /// <summary>Disagreements up to this are reading jitter and slewing, not a step.</summary>
    public static readonly TimeSpan StepTolerance = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DateTimeOffset _mark;
    private long _markTimestamp;
    private TimeSpan _lag;
    private bool _started;

    public RetentionClock(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>How far the retention clock was behind the wall clock at the last reading (forward steps not followed).</summary>
    public TimeSpan Lag
    {
        get
        {
            lock (_gate)
            {
                return _lag;
            }
        }
    }

    /// <summary>The retention clock now; <paramref name="forwardStep"/> is the forward step beyond the mark noticed by this reading (else zero).</summary>
    public DateTimeOffset Now(out TimeSpan forwardStep)
    {
        var wall = _time.GetUtcNow();
        var timestamp = _time.GetTimestamp();
        lock (_gate)
        {
            forwardStep = TimeSpan.Zero;
            if (!_started)
            {
                _mark = wall;
                _started = true;
            }
            else
            {
                var expected = _mark + _time.GetElapsedTime(_markTimestamp, timestamp);
                var ahead = wall - expected;
                if (ahead > StepTolerance)
                {
                    if (ahead - _lag > StepTolerance)
                    {
                        forwardStep = ahead - _lag; // new since the last reading (a lag already known is not reported again)
                    }

                    _mark = expected;
                }
                else
                {
                    _mark = ahead > TimeSpan.Zero ? wall : expected; // behind (a step back): the mark keeps its time
                }
            }

            _markTimestamp = timestamp;
            var now = wall < _mark ? wall : _mark;
            _lag = wall - now;
            return now;
        }
    }
}
