namespace Nvr.Pipeline.Ingest;

/// <summary>
/// One shared tick for the socket reads of many RTSP sessions. A playing session whose socket has been drained does
/// not wait for its next packet (one thread wake-up per packet burst and camera): it waits for the next tick and then
/// reads everything that arrived meanwhile in one non-blocking read, so N cameras cost about N reads and one timer
/// per tick instead of a wake-up per burst each. The period bounds the added latency (and what the socket buffers
/// hold: a 16 Mbit/s camera sends ≈ 80 KB per 40 ms). One timer serves every session using the pacer; a camera has
/// no timer, task or thread of its own while it waits.
/// </summary>
public sealed class ReadPacer : IDisposable
{
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = NewTick();
    private long _ticks;
    private bool _disposed;

    /// <param name="period">Time between two reads of a drained socket.</param>
    /// <param name="time">The clock of the tick (the appliance's system clock).</param>
    public ReadPacer(TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Period = period;
        _timer = time.CreateTimer(static state => ((ReadPacer)state!).Tick(), this, period, period);
    }

    public TimeSpan Period { get; }

    /// <summary>Ticks so far (diagnostics).</summary>
    public long Ticks => Volatile.Read(ref _ticks);

    /// <summary>
    /// Completes at the next tick (its continuations run on the thread pool, not on the timer). Completed for ever
    /// after <see cref="Dispose"/>, so a waiting reader is never left behind.
    /// </summary>
    public Task NextTick => Volatile.Read(ref _next).Task;

    public void Dispose()
    {
        _timer.Dispose();
        TaskCompletionSource last;
        lock (_gate)
        {
            _disposed = true;
            last = _next;
        }

        last.TrySetResult();
    }

    private void Tick()
    {
        TaskCompletionSource due;
        lock (_gate)
        {
            due = _next;
            if (!_disposed)
            {
                _next = NewTick();
            }
        }

        Interlocked.Increment(ref _ticks);
        due.TrySetResult();
    }

    private static TaskCompletionSource NewTick() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
