namespace Nvr.Testing;

/// <summary>
/// The host's clocks with a wall clock that can be stepped, as NTP or an RTC correction steps a real host:
/// <see cref="GetUtcNow"/> (CLOCK_REALTIME) is the system's plus an offset that <see cref="Step"/> changes at once,
/// while the monotonic timestamp (CLOCK_MONOTONIC) and the timers are the system's, untouched by a step.
/// </summary>
public sealed class SteppableWallClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>What the wall clock is off the system's by now (the sum of the steps).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Steps the wall clock by <paramref name="step"/> (negative: backward).</summary>
    public void Step(TimeSpan step) => Interlocked.Add(ref _offsetTicks, step.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override long GetTimestamp() => System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
