using Nvr.Control.Events;
using Nvr.Control.Triggers;

namespace Nvr.Control.Notifications;

/// <summary>
/// The event service's subscriptions and the single owner of property states for subscribers. Every event of the
/// internal stream is offered to each subscription whose filter accepts it (bounded queues); a new subscription (and a
/// synchronization point) first gets one Initialized message per known property instance its filter accepts, taken
/// under the same lock as live events, so nothing is missed or doubled. Pulls long-poll; expired subscriptions are
/// removed by a timer of the injected clock. Thread-safe; nothing here knows SOAP.
/// </summary>
public sealed partial class NotificationBroker : IDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<string, EventSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly PropertyStateCache _properties;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;

    public NotificationBroker(NotificationLimits limits, TimeProvider time)
    {
        Limits = limits;
        _time = time;
        _properties = new PropertyStateCache(limits.PropertyCapacity, conditionsOnly: false);
        _sweeper = time.CreateTimer(_ => RemoveExpired(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public NotificationLimits Limits { get; }

    public TimeProvider Time => _time;

    /// <summary>Messages dropped from full subscription queues since start.</summary>
    public long DroppedMessages { get; private set; }

    /// <summary>Push subscriptions removed because their consumer kept failing (<see cref="DropConsumer"/>).</summary>
    public long DroppedConsumers { get; private set; }

    /// <summary>Subscriptions removed because their termination time passed.</summary>
    public long ExpiredSubscriptions { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Offers an event to every subscription and remembers it if it is a property.</summary>
    public void Publish(OnvifEvent notification)
    {
        List<TaskCompletionSource>? wake = null;
        lock (_lock)
        {
            var live = Notification.Live(notification, notification.IsProperty && _properties.Contains(notification));
            if (notification.IsProperty)
            {
                _properties.Record(notification);
            }

            foreach (var subscription in _subscriptions.Values)
            {
                if (!subscription.Filter.Matches(notification) || subscription.Cursor is { Reverse: true })
                {
                    continue; // a pull point seeking backwards reads the storage only
                }

                if (subscription.Enqueue(live))
                {
                    DroppedMessages++;
                }

                if (subscription.Waiter is { } waiter)
                {
                    subscription.Waiter = null;
                    (wake ??= []).Add(waiter);
                }
            }
        }

        if (wake is not null)
        {
            foreach (var waiter in wake)
            {
                waiter.TrySetResult();
            }
        }
    }

    /// <summary>Creates a subscription; null when the maximum of its kind exists already.</summary>
    public SubscriptionInfo? Subscribe(SubscriptionKind kind, NotificationFilter filter, DateTimeOffset terminationTime, string? consumer = null)
    {
        lock (_lock)
        {
            int max = kind == SubscriptionKind.PullPoint ? Limits.MaxPullPoints : Limits.MaxPushSubscriptions;
            if (_subscriptions.Values.Count(s => s.Kind == kind) >= max)
            {
                return null;
            }

            var id = Guid.NewGuid().ToString("N");
            var subscription = new EventSubscription(id, kind, filter, terminationTime, Limits.QueueCapacity, consumer, _time);
            _subscriptions[id] = subscription;
            QueueInitialStates(subscription);
            return Info(subscription);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for messages (returns at once when some are queued).</summary>
    public async Task<PullResult> PullAsync(string id, TimeSpan timeout, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, Limits.MaxMessageLimit);
        if (PullStored(id, limit) is { } stored)
        {
            return stored;
        }

        TaskCompletionSource waiter;
        lock (_lock)
        {
            var subscription = Find(id);
            if (subscription is null)
            {
                return PullResult.Unknown;
            }

            if (subscription.Pulling)
            {
                return PullResult.Busy;
            }

            var keepAlive = _time.GetUtcNow() + timeout;
            if (subscription.Kind == SubscriptionKind.PullPoint && subscription.TerminationTime < keepAlive)
            {
                subscription.TerminationTime = keepAlive;
            }

            if (subscription.Queued > 0)
            {
                return new PullResult(PullOutcome.Messages, subscription.Take(limit), subscription.TerminationTime);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscription.Waiter = waiter;
            subscription.Pulling = true;
        }

        try
        {
            // Timers may fire a little before the deadline: an empty answer never comes early. The wait is measured on
            // the monotonic clock: a step of the wall clock neither ends it at once nor holds the client for the step.
            var started = _time.GetTimestamp();
            while (!waiter.Task.IsCompleted && _time.GetElapsedTime(started) < timeout)
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var remaining = timeout - _time.GetElapsedTime(started);
                var timer = Task.Delay(remaining > TimeSpan.Zero ? remaining + TimeSpan.FromMilliseconds(1) : TimeSpan.Zero, _time, delay.Token);
                await Task.WhenAny(waiter.Task, timer).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (_lock)
            {
                if (_subscriptions.TryGetValue(id, out var subscription))
                {
                    subscription.Pulling = false;
                    subscription.Waiter = null;
                }
            }
        }

        lock (_lock)
        {
            var subscription = Find(id);
            return subscription is null
                ? PullResult.Unknown
                : new PullResult(PullOutcome.Messages, subscription.Take(limit), subscription.TerminationTime);
        }
    }

    /// <summary>Sets a new termination time; null when the subscription does not exist (any more).</summary>
    public SubscriptionInfo? Renew(string id, DateTimeOffset terminationTime)
    {
        lock (_lock)
        {
            var subscription = Find(id);
            if (subscription is null)
            {
                return null;
            }

            subscription.TerminationTime = terminationTime;
            return Info(subscription);
        }
    }

    /// <summary>Ends a subscription (a pending pull returns at once, empty); false when it does not exist.</summary>
    public bool Unsubscribe(string id)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            var subscription = Find(id);
            if (subscription is null)
            {
                return false;
            }

            _subscriptions.Remove(id);
            waiter = subscription.Waiter;
        }

        waiter?.TrySetResult();
        return true;
    }

    /// <summary>Ends a push subscription whose consumer kept failing, and counts it; false when it was gone already.</summary>
    public bool DropConsumer(string id)
    {
        if (!Unsubscribe(id))
        {
            return false;
        }

        lock (_lock)
        {
            DroppedConsumers++;
        }

        return true;
    }

    /// <summary>Queues the current state of every property the subscription's filter accepts (Initialized).</summary>
    public bool SetSynchronizationPoint(string id)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            var subscription = Find(id);
            if (subscription is null)
            {
                return false;
            }

            QueueInitialStates(subscription);
            waiter = subscription.Waiter;
            subscription.Waiter = null;
        }

        waiter?.TrySetResult();
        return true;
    }

    public SubscriptionInfo? Get(string id)
    {
        lock (_lock)
        {
            var subscription = Find(id);
            return subscription is null ? null : Info(subscription);
        }
    }

    public IReadOnlyList<SubscriptionInfo> Snapshot()
    {
        lock (_lock)
        {
            return _subscriptions.Values.Select(Info).ToList();
        }
    }

    /// <summary>Removes every subscription whose termination time has passed (also done each second by the timer).</summary>
    public void RemoveExpired()
    {
        var now = _time.GetUtcNow();
        List<TaskCompletionSource>? wake = null;
        lock (_lock)
        {
            foreach (var subscription in _subscriptions.Values.Where(s => s.TerminationTime <= now && !KeptByPull(s)).ToList())
            {
                _subscriptions.Remove(subscription.Id);
                ExpiredSubscriptions++;
                if (subscription.Waiter is { } waiter)
                {
                    (wake ??= []).Add(waiter);
                }
            }
        }

        wake?.ForEach(w => w.TrySetResult());
    }

    public void Dispose() => _sweeper.Dispose();

    private EventSubscription? Find(string id)
    {
        if (!_subscriptions.TryGetValue(id, out var subscription))
        {
            return null;
        }

        if (subscription.TerminationTime <= _time.GetUtcNow() && !KeptByPull(subscription))
        {
            _subscriptions.Remove(id);
            ExpiredSubscriptions++;
            return null;
        }

        return subscription;
    }

    /// <summary>A pending PullMessages keeps a pull point alive for its Timeout; a push subscription's own delivery loop does not.</summary>
    private static bool KeptByPull(EventSubscription s) => s.Pulling && s.Kind == SubscriptionKind.PullPoint;

    private void QueueInitialStates(EventSubscription subscription)
    {
        foreach (var state in _properties.Latest())
        {
            if (subscription.Filter.Matches(state) && subscription.Enqueue(new Notification(state, Notification.Initialized)))
            {
                DroppedMessages++;
            }
        }
    }

    private static SubscriptionInfo Info(EventSubscription s) => new(s.Id, s.Kind, s.TerminationTime, s.Consumer, s.Queued, s.Dropped);
}

public sealed record SubscriptionInfo(string Id, SubscriptionKind Kind, DateTimeOffset TerminationTime, string? Consumer, int Queued, long Dropped);

public enum PullOutcome
{
    Messages,
    Unknown,
    Busy,
}

public sealed record PullResult(PullOutcome Outcome, IReadOnlyList<Notification> Messages, DateTimeOffset TerminationTime)
{
    public static PullResult Unknown { get; } = new(PullOutcome.Unknown, [], default);

    public static PullResult Busy { get; } = new(PullOutcome.Busy, [], default);
}
