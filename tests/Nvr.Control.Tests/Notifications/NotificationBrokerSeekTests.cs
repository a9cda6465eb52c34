using Microsoft.Extensions.Time.Testing;
using Nvr.Control.Events;
using Nvr.Control.Notifications;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Tests.Notifications;

/// <summary>
/// Seek on the broker (Core, persistent notification storage) over an in-memory store on virtual time: the queue is
/// flushed, forward pulls page through the stored messages the filter accepts and then go on with the live ones
/// published since the Seek, reverse pulls return the stored ones newest first and never a live one.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NotificationBrokerSeekTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0.AddHours(1));
    private readonly NotificationBroker _broker;
    private readonly MemoryStore _store = new();

    public NotificationBrokerSeekTests() => _broker = new NotificationBroker(NotificationLimits.Default, _time);

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Forward_pages_through_the_accepted_stored_messages_then_delivers_the_live_ones()
    {
        for (var i = 0; i < 7; i++)
        {
            _store.Add(Motion(T0.AddSeconds(i), i % 3 == 2 ? "other" : "cam")); // 2 and 5 are another camera
        }

        var filter = NotificationFilter.TryCompile(null, "boolean(//tt:SimpleItem[@Name=\"Camera\" and @Value=\"cam\"])", out _)!;
        var id = _broker.Subscribe(SubscriptionKind.PullPoint, filter, T0.AddHours(2))!.Id;
        _broker.Publish(Motion(T0.AddMinutes(30), "cam")); // queued before the Seek: flushed by it
        Assert.True(_broker.Seek(id, _store, T0.AddSeconds(1), reverse: false));
        Assert.False(_broker.Seek("no-such-subscription", _store, T0, reverse: false));

        Assert.Equal([1, 3], await PullSecondsAsync(id, 2));
        _broker.Publish(Motion(T0.AddHours(1), "cam")); // live, after the Seek
        Assert.Equal([4, 6], await PullSecondsAsync(id, 2));
        Assert.Equal([3600], await PullSecondsAsync(id, 10));
    }

    [Fact]
    public async Task Reverse_returns_the_stored_messages_newest_first_and_nothing_live()
    {
        for (var i = 0; i < 4; i++)
        {
            _store.Add(Motion(T0.AddSeconds(i), "cam"));
        }

        var id = _broker.Subscribe(SubscriptionKind.PullPoint, NotificationFilter.All, T0.AddHours(2))!.Id;
        Assert.True(_broker.Seek(id, _store, T0.AddSeconds(2), reverse: true));
        _broker.Publish(Motion(T0.AddHours(1), "cam"));
        Assert.Equal([2, 1], await PullSecondsAsync(id, 2));
        Assert.Equal([0], await PullSecondsAsync(id, 2));
        var pull = _broker.PullAsync(id, TimeSpan.FromSeconds(5), 10, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Empty((await pull).Messages);
    }

    private async Task<List<double>> PullSecondsAsync(string id, int limit)
    {
        var result = await _broker.PullAsync(id, TimeSpan.Zero, limit, CancellationToken.None);
        Assert.Equal(PullOutcome.Messages, result.Outcome);
        Assert.All(result.Messages, m => Assert.Equal("Changed", m.PropertyOperation));
        return [.. result.Messages.Select(m => (m.Event.UtcTime - T0).TotalSeconds)];
    }

    private static DeviceEvent Motion(DateTimeOffset at, string camera) =>
        new("tns1:RuleEngine/CellMotionDetector/Motion", at, "Changed", [new EventItem("Camera", camera)], [new EventItem("IsMotion", "true")]);

    private sealed class MemoryStore : IStoredNotifications
    {
        private readonly List<StoredNotification> _rows = [];

        public void Add(DeviceEvent e) => _rows.Add(new StoredNotification(new StoredPosition(e.UtcTime.UtcTicks, _rows.Count + 1), e, e.PropertyOperation));

        public IReadOnlyList<StoredNotification> Read(StoredPosition position, bool reverse, DateTimeOffset until, int limit) => reverse
            ? [.. _rows.Where(r => Before(r.Position, position)).OrderByDescending(r => r.Position.Ticks).ThenByDescending(r => r.Position.Id).Take(limit)]
            : [.. _rows.Where(r => Before(position, r.Position) && r.Position.Ticks <= until.UtcTicks).OrderBy(r => r.Position.Ticks).ThenBy(r => r.Position.Id).Take(limit)];

        private static bool Before(StoredPosition a, StoredPosition b) => a.Ticks < b.Ticks || (a.Ticks == b.Ticks && a.Id < b.Id);
    }
}
