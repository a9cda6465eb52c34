namespace Nvr.Pipeline.Ingest;

/// <summary>
/// One timer for the deadlines of many RTSP sessions (keepalive, media watchdog): the deadlines wait in a priority
/// queue and the single <see cref="ITimer"/> of the given <see cref="TimeProvider"/> is armed for the earliest one, so a
/// deadline fires exactly when it is due (virtual time in tests) and the number of timers does not grow with the
/// cameras. Callbacks run on the timer's thread-pool callback, one after the other: they must be quick and must not
/// block (start asynchronous work instead). Thread-safe. Deadlines are on the provider's monotonic timestamp, never on
/// its wall clock: a step of the host's clock (NTP, an RTC correction) neither fires every deadline at once (forward) nor
/// holds them back by the step (backward: keepalives stalled for an hour, the camera dropped the session).
/// </summary>
public sealed class DeadlineScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly long _origin;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Deadline, long> _queue = new();
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    public DeadlineScheduler(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _origin = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((DeadlineScheduler)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Deadlines scheduled and neither fired nor cancelled yet (diagnostics, tests).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.UnorderedItems.Count(i => !i.Element.IsCancelled);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="callback"/>(<paramref name="state"/>) once, <paramref name="delay"/> from now, unless
    /// cancelled first (or the scheduler was disposed). The callback must not throw.
    /// </summary>
    public Deadline Schedule(TimeSpan delay, Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        long due = NowTicks() + delay.Ticks;
        var deadline = new Deadline(callback, state);
        lock (_gate)
        {
            if (_disposed)
            {
                deadline.Cancel(); // never runs: a disposed scheduler (its pacer is gone) fires nothing
                return deadline;
            }

            _queue.Enqueue(deadline, due);
            ArmLocked();
        }

        return deadline;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
        }

        _timer.Dispose();
    }

    /// <summary>Monotonic time since construction, in 100 ns ticks.</summary>
    private long NowTicks() => _time.GetElapsedTime(_origin).Ticks;

    private void ArmLocked()
    {
        while (_queue.TryPeek(out var first, out _) && first.IsCancelled)
        {
            _queue.Dequeue();
        }

        if (_disposed || !_queue.TryPeek(out _, out long due) || due >= _armedFor)
        {
            return; // nothing to wait for, or the timer already fires at or before the earliest deadline
        }

        _armedFor = due;
        long wait = Math.Max(0, due - NowTicks());
        _timer.Change(TimeSpan.FromTicks(wait), Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        List<Deadline>? due = null; // a few per second: the next firing may overlap this one, so each has its own
        lock (_gate)
        {
            _armedFor = long.MaxValue;
            long now = NowTicks();
            while (_queue.TryPeek(out var first, out long at) && at <= now)
            {
                _queue.Dequeue();
                (due ??= []).Add(first);
            }

            ArmLocked(); // a timer that fired a little early is simply armed again for what is left
        }

        if (due is null)
        {
            return;
        }

        foreach (var deadline in due)
        {
            deadline.Run();
        }
    }
}

/// <summary>One scheduled callback of a <see cref="DeadlineScheduler"/>.</summary>
public sealed class Deadline
{
    private readonly Action<object?> _callback;
    private readonly object? _state;
    private int _status;

    internal Deadline(Action<object?> callback, object? state)
    {
        _callback = callback;
        _state = state;
    }

    internal bool IsCancelled => Volatile.Read(ref _status) == 2;

    /// <summary>The callback will not run (when it has not started yet).</summary>
    public void Cancel() => Interlocked.CompareExchange(ref _status, 2, 0);

    internal void Run()
    {
        if (Interlocked.CompareExchange(ref _status, 1, 0) == 0)
        {
            _callback(_state);
        }
    }
}
