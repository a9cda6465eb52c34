namespace Nvr.Control.Notifications;

/// <summary>
/// Seek (Core, persistent notification storage): a pull point is positioned in the stored notifications by UtcTime;
/// forward its pulls return the stored messages at or after that time, in time order, up to the moment of the Seek,
/// then the live messages published since; reverse they return the stored messages at or before it, newest first, and
/// nothing live. A Seek aborts any delivery: the queue (initial states included) is flushed and a waiting pull
/// answers at once.
/// </summary>
public sealed partial class NotificationBroker
{
    /// <summary>Positions a subscription in <paramref name="store"/>; false when it does not exist.</summary>
    public bool Seek(string id, IStoredNotifications store, DateTimeOffset utcTime, bool reverse)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            var subscription = Find(id);
            if (subscription is null)
            {
                return false;
            }

            subscription.Clear();
            var position = new StoredPosition(utcTime.UtcTicks, reverse ? long.MaxValue : 0);
            subscription.Cursor = new SeekCursor(store, position, reverse, _time.GetUtcNow());
            waiter = subscription.Waiter;
            subscription.Waiter = null;
        }

        waiter?.TrySetResult();
        return true;
    }

    /// <summary>
    /// The next stored messages of a subscription that sought, at most <paramref name="limit"/> matching its filter;
    /// null when it is not reading the storage (no Seek, or forward and caught up: the live path answers).
    /// </summary>
    private PullResult? PullStored(string id, int limit)
    {
        SeekCursor cursor;
        NotificationFilter filter;
        lock (_lock)
        {
            var subscription = Find(id);
            if (subscription?.Cursor is not { Exhausted: false } current)
            {
                return null;
            }

            if (subscription.Pulling)
            {
                return PullResult.Busy;
            }

            subscription.Pulling = true;
            cursor = current;
            filter = subscription.Filter;
        }

        var found = new List<Notification>();
        var position = cursor.Position;
        var exhausted = false;
        try
        {
            while (found.Count < limit && !exhausted)
            {
                var page = cursor.Store.Read(position, cursor.Reverse, cursor.Until, limit);
                exhausted = page.Count < limit;
                foreach (var stored in page)
                {
                    position = stored.Position;
                    if (filter.Matches(stored.Event))
                    {
                        found.Add(new Notification(stored.Event, stored.PropertyOperation));
                        if (found.Count == limit)
                        {
                            exhausted = false; // rows may remain after this one
                            break;
                        }
                    }
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                if (_subscriptions.TryGetValue(id, out var subscription))
                {
                    subscription.Pulling = false;
                    if (ReferenceEquals(subscription.Cursor, cursor))
                    {
                        cursor.Position = position;
                        cursor.Exhausted = exhausted;
                        if (exhausted && !cursor.Reverse)
                        {
                            subscription.Cursor = null; // forward: caught up with the Seek's moment, live messages follow
                        }
                    }
                }
            }
        }

        lock (_lock)
        {
            var subscription = Find(id);
            if (subscription is null)
            {
                return PullResult.Unknown;
            }

            return found.Count > 0 ? new PullResult(PullOutcome.Messages, found, subscription.TerminationTime) : null;
        }
    }
}
