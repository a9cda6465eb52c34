using Nvr.Scheduling.Book;
using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Tracking;

/// <summary>
/// Keeps the current state of every tracked schedule with ONE timer per schedule, armed for its next transition
/// (no polling), and reports each change through the callback at the boundary instant. Timers longer than
/// <see cref="MaxTimerDelay"/> are split (system timers cannot wait ~49 days); an early or late firing simply
/// re-evaluates. The callback runs under the tracker's lock: keep it short and non-blocking (e.g. post a message).
/// </summary>
public sealed class ScheduleStateTracker : IDisposable
{
    /// <summary>Longest single timer wait; a longer gap is covered by re-arming.</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    private readonly ScheduleEvaluator _evaluator;
    private readonly TimeProvider _time;
    private readonly Action<ScheduleStateChanged> _onChanged;
    private readonly Dictionary<string, TrackedSchedule> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    public ScheduleStateTracker(ScheduleEvaluator evaluator, TimeProvider time, Action<ScheduleStateChanged> onChanged)
    {
        _evaluator = evaluator;
        _time = time;
        _onChanged = onChanged;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Starts tracking a schedule or replaces its definition; evaluates it now.</summary>
    public void Track(CompiledSchedule schedule)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(schedule.Token, out var entry))
            {
                entry.Schedule = schedule;
                Reevaluate(entry, initial: false);
                return;
            }

            entry = new TrackedSchedule(schedule);
            entry.Timer = _time.CreateTimer(OnTimer, entry, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _entries.Add(schedule.Token, entry);
            Reevaluate(entry, initial: true);
        }
    }

    /// <summary>Stops tracking; returns false when the token was not tracked.</summary>
    public bool Untrack(string token)
    {
        lock (_gate)
        {
            if (!_entries.Remove(token, out var entry))
            {
                return false;
            }

            entry.Timer?.Dispose();
            return true;
        }
    }

    /// <summary>The last reported state (GetScheduleState), or null when not tracked.</summary>
    public ScheduleState? GetState(string token)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(token, out var entry) ? entry.State : null;
        }
    }

    /// <summary>The instant the timer of <paramref name="token"/> waits for, or null.</summary>
    public DateTimeOffset? GetNextTransition(string token)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(token, out var entry) ? entry.NextTransition : null;
        }
    }

    /// <summary>
    /// Evaluates every schedule now, as if its timer had fired: after a step of the wall clock, whose timers (armed
    /// for a transition's distance on the clock before the step) would otherwise fire up to the step away from it.
    /// </summary>
    public void ReevaluateAll()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var entry in _entries.Values)
            {
                Reevaluate(entry, initial: false);
            }
        }
    }

    /// <summary>
    /// Follows a change already applied to <paramref name="book"/>: a saved schedule is (re)tracked, a deleted one
    /// untracked, and a saved special day group re-evaluates every schedule that refers to it.
    /// </summary>
    public void Apply(ScheduleBook book, ScheduleBookChange change)
    {
        switch (change)
        {
            case ScheduleSaved saved:
                Track(book.CompileSchedule(saved.Schedule.Token));
                break;
            case ScheduleDeleted deleted:
                Untrack(deleted.Token);
                break;
            case SpecialDayGroupSaved group:
                foreach (var token in book.SchedulesReferringTo(group.Group.Token))
                {
                    Track(book.CompileSchedule(token));
                }

                break;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                entry.Timer?.Dispose();
            }

            _entries.Clear();
        }
    }

    private void OnTimer(object? state)
    {
        var entry = (TrackedSchedule)state!;
        lock (_gate)
        {
            if (_disposed || !_entries.TryGetValue(entry.Schedule.Token, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            Reevaluate(entry, initial: false);
        }
    }

    private void Reevaluate(TrackedSchedule entry, bool initial)
    {
        var now = _time.GetUtcNow();
        var status = _evaluator.Evaluate(entry.Schedule, now);
        entry.NextTransition = status.NextTransition;
        var changed = initial || status.State != entry.State;
        entry.State = status.State;

        var wait = status.NextTransition is { } next ? next - now : MaxTimerDelay;
        if (wait > MaxTimerDelay)
        {
            wait = MaxTimerDelay;
        }

        entry.Timer!.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
        if (changed)
        {
            _onChanged(new ScheduleStateChanged(entry.Schedule.Token, entry.Schedule.Name, entry.State, now, initial));
        }
    }
}
