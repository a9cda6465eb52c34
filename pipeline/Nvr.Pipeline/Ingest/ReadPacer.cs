namespace Nvr.Pipeline.Ingest;

/// <summary>
/// One shared tick for the socket reads of many RTSP sessions. A playing session does not wait for its next packet
/// (one thread wake-up per packet burst and camera): at each tick the pacer itself reads every registered
/// connection, one non-blocking read of all that arrived meanwhile, on one pool thread per group of
/// <see cref="GroupSize"/> connections. So N cameras cost about N reads and ⌈N / GroupSize⌉ pool work items per tick
/// instead of a wake-up per burst each (or one continuation per connection per tick). The period bounds the added
/// latency (and what the socket buffers hold: a 16 Mbit/s camera sends ≈ 80 KB per 40 ms). One timer serves every
/// session using the pacer; a camera has no timer, task or thread of its own while it waits.
/// </summary>
public sealed class ReadPacer : IDisposable
{
    /// <summary>Connections read one after the other by one work item of a tick (groups run in parallel).</summary>
    public const int GroupSize = 64;

    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = NewTick();
    private Entry[] _entries = [];
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
        Deadlines = new DeadlineScheduler(time);
    }

    /// <summary>
    /// One timer for the keepalive and media-watchdog deadlines of every session using this pacer (on the pacer's
    /// clock), so that timers do not grow with cameras either. Disposed with the pacer.
    /// </summary>
    public DeadlineScheduler Deadlines { get; }

    public TimeSpan Period { get; }

    /// <summary>Ticks so far (diagnostics).</summary>
    public long Ticks => Volatile.Read(ref _ticks);

    /// <summary>True once disposed: no tick any more.</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>Readers driven by the tick now (diagnostics).</summary>
    public int Readers => Volatile.Read(ref _entries).Length;

    /// <summary>
    /// Completes at the next tick (its continuations run on the thread pool, not on the timer). Completed for ever
    /// after <see cref="Dispose"/>, so a waiting reader is never left behind.
    /// </summary>
    public Task NextTick => Volatile.Read(ref _next).Task;

    /// <summary>Stops the tick; every registered reader is told (<see cref="IPacedReader.OnPacerStopped"/>) once it is not reading.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        Deadlines.Dispose();
        TaskCompletionSource last;
        Entry[] entries;
        lock (_gate)
        {
            _disposed = true;
            last = _next;
            entries = _entries;
            _entries = [];
        }

        last.TrySetResult();
        foreach (var entry in entries)
        {
            Volatile.Write(ref entry.Stopped, true);
            StopIfIdle(entry);
        }
    }

    /// <summary>
    /// From the next tick on, <paramref name="reader"/> is called at every tick (never twice at once) until it
    /// returns false. False when the pacer was disposed (the caller reads by itself).
    /// </summary>
    public bool Add(IPacedReader reader)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _entries = [.. _entries, new Entry(reader)];
            return true;
        }
    }

    private void Remove(Entry entry)
    {
        lock (_gate)
        {
            var i = Array.IndexOf(_entries, entry);
            if (i >= 0)
            {
                _entries = [.. _entries.AsSpan(0, i), .. _entries.AsSpan(i + 1)];
            }
        }
    }

    private void Tick()
    {
        TaskCompletionSource due;
        Entry[] entries;
        lock (_gate)
        {
            due = _next;
            entries = _entries;
            if (!_disposed)
            {
                _next = NewTick();
            }
        }

        Interlocked.Increment(ref _ticks);
        due.TrySetResult();
        for (int start = GroupSize; start < entries.Length; start += GroupSize)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static g => g.Pacer.Read(g.Entries, g.Start), new Group(this, entries, start), preferLocal: false);
        }

        Read(entries, 0); // the first group on the timer's pool thread: one wake-up per tick for up to GroupSize cameras
    }

    private void Read(Entry[] entries, int start)
    {
        var end = Math.Min(entries.Length, start + GroupSize);
        for (int i = start; i < end; i++)
        {
            var entry = entries[i];
            if (Interlocked.CompareExchange(ref entry.Busy, 1, 0) != 0)
            {
                continue; // still reading since an earlier tick, or done
            }

            bool more;
            try
            {
                more = !Volatile.Read(ref entry.Stopped) && entry.Reader.OnTick();
            }
            catch (Exception)
            {
                more = false; // a reader handles its own failures; a bug must not stop the others' tick
            }

            if (!more)
            {
                Remove(entry); // Busy stays set: never called again
                if (Volatile.Read(ref entry.Stopped))
                {
                    entry.Reader.OnPacerStopped();
                }

                continue;
            }

            Interlocked.Exchange(ref entry.Busy, 0);
            if (Volatile.Read(ref entry.Stopped))
            {
                StopIfIdle(entry); // Dispose ran while this read did
            }
        }
    }

    private static void StopIfIdle(Entry entry)
    {
        if (Interlocked.CompareExchange(ref entry.Busy, 1, 0) == 0)
        {
            entry.Reader.OnPacerStopped();
        }
    }

    private static TaskCompletionSource NewTick() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry(IPacedReader reader)
    {
        public readonly IPacedReader Reader = reader;
        public int Busy;
        public bool Stopped;
    }

    private sealed record Group(ReadPacer Pacer, Entry[] Entries, int Start);
}
