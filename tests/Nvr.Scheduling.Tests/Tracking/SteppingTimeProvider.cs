using Microsoft.Extensions.Time.Testing;

namespace Nvr.Scheduling.Tests.Tracking;

/// <summary>
/// A FakeTimeProvider that behaves like a real clock when advanced over long spans: <see cref="AdvanceBy"/> stops
/// at every timer's due instant, so a callback reads exactly its due time from the clock (plain
/// FakeTimeProvider.Advance jumps to the end first). It also counts the timers created.
/// </summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<SteppingTimer> _timers = [];

    public int TimersCreated => _timers.Count;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppingTimer(this);
        timer.Inner = base.CreateTimer(s => timer.Fire(callback, s), state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    public void AdvanceBy(TimeSpan span)
    {
        var target = GetUtcNow() + span;
        while (true)
        {
            var next = _timers.Where(t => t.Due is not null).Select(t => t.Due!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (next > target)
            {
                SetUtcNow(target);
                return;
            }

            SetUtcNow(next > GetUtcNow() ? next : GetUtcNow());
        }
    }

    private sealed class SteppingTimer(SteppingTimeProvider clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? Due { get; private set; }

        public void Fire(TimerCallback callback, object? state)
        {
            Due = null;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Due = null;
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
