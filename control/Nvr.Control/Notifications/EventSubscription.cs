namespace Nvr.Control.Notifications;

public enum SubscriptionKind
{
    PullPoint,
    Push,
}

/// <summary>
/// One subscription's state, guarded by the broker's lock: its filter, termination time and bounded queue (the oldest
/// message is dropped when full, counted, and the gap marked on the next message), and the waiter of a pending pull.
/// </summary>
internal sealed class EventSubscription
{
    private readonly Queue<Notification> _queue;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private long _gap;
    private TimeSpan _remaining;   // lifetime left when it was set ...
    private long _remainingSince;  // ... at this monotonic timestamp

    public EventSubscription(string id, SubscriptionKind kind, NotificationFilter filter, DateTimeOffset terminationTime, int capacity, string? consumer, TimeProvider time)
    {
        _time = time;
        Id = id;
        Kind = kind;
        Filter = filter;
        TerminationTime = terminationTime;
        Consumer = consumer;
        _capacity = capacity;
        _queue = new Queue<Notification>(Math.Min(capacity, 64));
    }

    public string Id { get; }

    public SubscriptionKind Kind { get; }

    public NotificationFilter Filter { get; }

    public string? Consumer { get; }

    /// <summary>
    /// When the subscription ends, on the wall clock. Kept as the lifetime left on the monotonic clock: a step of the
    /// host's wall clock moves the termination time with it, so a forward step does not end every subscription at once
    /// and a backward step does not keep them for the step.
    /// </summary>
    public DateTimeOffset TerminationTime
    {
        get
        {
            var ticks = (Int128)_time.GetUtcNow().UtcTicks + _remaining.Ticks - _time.GetElapsedTime(_remainingSince).Ticks;
            return new DateTimeOffset((long)Int128.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
        }
        set
        {
            _remainingSince = _time.GetTimestamp();
            _remaining = value - _time.GetUtcNow();
        }
    }

    public TaskCompletionSource? Waiter { get; set; }

    public bool Pulling { get; set; }

    /// <summary>Set by a Seek: pulls read the persistent storage from this position before (forward) or instead of (reverse) live messages.</summary>
    public SeekCursor? Cursor { get; set; }

    public long Dropped { get; private set; }

    public int Queued => _queue.Count;

    /// <summary>Queues a message; returns true when an older one had to be dropped.</summary>
    public bool Enqueue(Notification notification)
    {
        bool dropped = false;
        if (_queue.Count >= _capacity)
        {
            _queue.Dequeue();
            Dropped++;
            _gap++;
            dropped = true;
        }

        _queue.Enqueue(notification);
        return dropped;
    }

    public void Clear() => _queue.Clear();

    /// <summary>Takes up to <paramref name="limit"/> messages; the first carries the size of a gap since the last take.</summary>
    public List<Notification> Take(int limit)
    {
        var taken = new List<Notification>(Math.Min(limit, _queue.Count));
        while (taken.Count < limit && _queue.TryDequeue(out var next))
        {
            if (_gap > 0)
            {
                next = next with { DroppedBefore = _gap };
                _gap = 0;
            }

            taken.Add(next);
        }

        return taken;
    }
}

/// <summary>
/// A pull point's position in the persistent notification storage after a Seek. Forward it reads up to
/// <see cref="Until"/> (the time of the Seek: later events arrive live), then the live queue takes over; reverse it
/// reads back to the oldest stored message and then delivers nothing (<see cref="Exhausted"/>).
/// </summary>
internal sealed class SeekCursor(IStoredNotifications store, StoredPosition position, bool reverse, DateTimeOffset until)
{
    public IStoredNotifications Store { get; } = store;

    public StoredPosition Position { get; set; } = position;

    public bool Reverse { get; } = reverse;

    public DateTimeOffset Until { get; } = until;

    public bool Exhausted { get; set; }
}
