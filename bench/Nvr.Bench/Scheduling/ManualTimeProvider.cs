namespace Nvr.Bench.Scheduling;

/// <summary>A hand-driven clock for benchmarks: <see cref="AdvanceTo"/> fires every timer that is due.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Sets the clock and fires the due timers; returns how many fired.</summary>
    public int AdvanceTo(DateTimeOffset now)
    {
        _now = now;
        var fired = 0;
        foreach (var timer in _timers)
        {
            if (timer.Due is { } due && due <= now)
            {
                timer.Due = null;
                timer.Callback(timer.State);
                fired++;
            }
        }

        return fired;
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            return true;
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Due = null;
            return ValueTask.CompletedTask;
        }
    }
}
