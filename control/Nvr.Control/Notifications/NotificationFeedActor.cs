using Akka.Actor;
using Nvr.Control.Events;

namespace Nvr.Control.Notifications;

/// <summary>
/// Subscribes to the internal event stream and hands every <see cref="OnvifEvent"/> to the broker, plus the Profile G
/// recording history properties derived from job states and recorded segments (<see cref="RecordingHistoryTracker"/>);
/// in cluster mode also the other nodes' (<see cref="Cluster.RelayedEvent"/>), so a subscriber on any node sees them all.
/// </summary>
public sealed class NotificationFeedActor : ReceiveActor
{
    private readonly NotificationBroker _broker;
    private readonly RecordingHistoryTracker _history = new();

    public NotificationFeedActor(NotificationBroker broker)
    {
        _broker = broker;
        Receive<OnvifEvent>(OnEvent);
        Receive<SegmentRecordedEvent>(OnSegment);
        Receive<Cluster.RelayedEvent>(r =>
        {
            switch (r.Event)
            {
                case OnvifEvent e:
                    OnEvent(e);
                    break;
                case SegmentRecordedEvent s:
                    OnSegment(s);
                    break;
            }
        });
    }

    private void OnEvent(OnvifEvent e)
    {
        _broker.Publish(e);
        foreach (var derived in _history.On(e))
        {
            _broker.Publish(derived);
        }
    }

    private void OnSegment(SegmentRecordedEvent s)
    {
        foreach (var derived in _history.On(s, _broker.Time.GetUtcNow()))
        {
            _broker.Publish(derived);
        }
    }

    public static Props Props(NotificationBroker broker) => Akka.Actor.Props.Create(() => new NotificationFeedActor(broker));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(OnvifEvent));
        Context.System.EventStream.Subscribe(Self, typeof(SegmentRecordedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(Cluster.RelayedEvent)); // cluster mode: the other nodes' events
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
