using Nvr.Control.Events;
using Nvr.Control.Search;
using Nvr.Storage.Index;

namespace Nvr.Control.Notifications;

/// <summary>A position in the persistent notification storage: an event time and the row after (or before) which to read.</summary>
public readonly record struct StoredPosition(long Ticks, long Id);

/// <summary>One stored notification with its position.</summary>
public sealed record StoredNotification(StoredPosition Position, OnvifEvent Event, string? PropertyOperation);

/// <summary>
/// The persistent notification storage a pull point's Seek (Core) reads: linear access by the messages' UtcTime.
/// </summary>
public interface IStoredNotifications
{
    /// <summary>
    /// Notifications after <paramref name="position"/> in time order (up to <paramref name="until"/>), or before it in
    /// descending order when <paramref name="reverse"/>; at most <paramref name="limit"/>.
    /// </summary>
    IReadOnlyList<StoredNotification> Read(StoredPosition position, bool reverse, DateTimeOffset until, int limit);
}

/// <summary>
/// The stored notifications of this appliance: the camera events recorded in metadata tracks (the index's
/// <c>recorded_events</c>), as the event service relays them live (<see cref="DeviceEvent"/>, the camera's operation).
/// </summary>
public sealed class IndexNotificationStore(RecordedRangeIndex index) : IStoredNotifications
{
    public IReadOnlyList<StoredNotification> Read(StoredPosition position, bool reverse, DateTimeOffset until, int limit) =>
        [.. index.GetEventsAfter(position.Ticks, position.Id, reverse, until.UtcTicks, limit).Select(row =>
            new StoredNotification(new StoredPosition(row.Event.Utc.UtcTicks, row.Id), RecordingHistorySearch.CameraEventOf(row.Event), row.Event.PropertyOperation))];
}
