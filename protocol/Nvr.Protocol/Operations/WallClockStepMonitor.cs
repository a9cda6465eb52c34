using Microsoft.Extensions.Logging;

namespace Nvr.Protocol.Operations;

/// <summary>
/// Notices steps of the host's wall clock (NTP stepping it, an RTC correction, an operator's <c>date -s</c>): every
/// <see cref="CheckPeriod"/> the wall clock must have moved by the monotonic time elapsed since the previous check;
/// a disagreement above <see cref="Threshold"/> is a step. Each step is logged (a warning with its size, the wall
/// clock before and after) and counted (<c>nvr_wall_clock_steps_total</c>, <c>nvr_wall_clock_last_step_seconds</c>).
/// What the appliance does about a step is in docs/reliability.md ("Host clock step"): intervals are monotonic,
/// recording keys follow the camera, MaximumRetentionTime does not follow a forward step.
/// </summary>
public sealed class WallClockStepMonitor : IDisposable
{
    /// <summary>Time between two comparisons.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Larger disagreements are steps (NTP slewing moves the clock by at most 0.5 ms per second).</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(2);

    /// <summary>Readings of the two clocks further apart than this are not compared.</summary>
    private static readonly TimeSpan ReadingBound = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<TimeSpan> _stepped;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private DateTimeOffset _lastWall;
    private long _lastTimestamp;

    public WallClockStepMonitor(TimeProvider time, ILogger logger, Action<TimeSpan> stepped)
    {
        _time = time;
        _logger = logger;
        _stepped = stepped;
        _lastWall = time.GetUtcNow();
        _lastTimestamp = time.GetTimestamp();
        _timer = time.CreateTimer(static s => ((WallClockStepMonitor)s!).Check(), this, CheckPeriod, CheckPeriod);
    }

    /// <summary>Compares the clocks now (also called by the timer); returns the step seen, or zero.</summary>
    public TimeSpan Check()
    {
        TimeSpan step;
        DateTimeOffset before;
        DateTimeOffset wall;
        lock (_gate)
        {
            var first = _time.GetTimestamp();
            wall = _time.GetUtcNow();
            var timestamp = _time.GetTimestamp();
            if (_time.GetElapsedTime(first, timestamp) > ReadingBound)
            {
                return TimeSpan.Zero; // preempted between the readings (a GC pause, a loaded host): judged at the next check
            }

            before = _lastWall + _time.GetElapsedTime(_lastTimestamp, timestamp);
            step = wall - before;
            _lastWall = wall;
            _lastTimestamp = timestamp;
            if (step.Duration() <= Threshold)
            {
                return TimeSpan.Zero;
            }
        }

        _logger.LogWarning("Host wall clock stepped by {Step} (from about {Before:O} to {After:O}); monotonic timers are unaffected, recording keys follow the cameras' clocks",
            step, before, wall);
        _stepped(step);
        return step;
    }

    public void Dispose() => _timer.Dispose();
}
