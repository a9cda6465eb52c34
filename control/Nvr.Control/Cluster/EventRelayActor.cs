using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Nvr.Control.Events;

namespace Nvr.Control.Cluster;

/// <summary>
/// An event raised on another node, delivered on this node's event stream by its <see cref="EventRelayActor"/>
/// (and, on the wire, the relay's message: <paramref name="Origin"/> is the raising node's address). It is a type of
/// its own, so a consumer takes the cluster's events only by subscribing to it (the event service and the event
/// triggers do; the node's metrics count what the node itself did), and the relay never relays it again.
/// </summary>
public sealed record RelayedEvent(string Origin, object Event) : IClusterMessage;

/// <summary>
/// Makes every node's events every node's (issue 18, item 3): each node's relay publishes what is raised on its own
/// event stream (<see cref="OnvifEvent"/>, <see cref="SegmentRecordedEvent"/>, <see cref="Storage.StorageConfigurationsChanged"/>)
/// to one DistributedPubSub topic and delivers what the other nodes published as a <see cref="RelayedEvent"/> on its
/// own event stream. Exactly once per node: the topic delivers a publication once to each node's subscriber; the
/// relay drops its own publications (no echo) and does not subscribe to <see cref="RelayedEvent"/> (no loop).
/// Publications are at most once: a node that is unreachable misses what was raised meanwhile.
/// </summary>
public sealed class EventRelayActor : ReceiveActor, IWithTimers
{
    public const string Topic = "nvr-events";

    /// <summary>
    /// How often a relay says it is there: a node logs (once per node) that another node's events arrive, i.e. that
    /// the topic's registry, spread by gossip, reached the raising node; until then a publication misses it.
    /// </summary>
    public static readonly TimeSpan HelloInterval = TimeSpan.FromSeconds(2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly string _origin = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
    private readonly HashSet<string> _heard = new(StringComparer.Ordinal);

    public EventRelayActor()
    {
        Receive<SubscribeAck>(_ => Timers.StartPeriodicTimer("hello", RelayHello.Instance, HelloInterval));
        Receive<RelayHello>(Relay);
        Receive<RelayedEvent>(r =>
        {
            if (string.Equals(r.Origin, _origin, StringComparison.Ordinal))
            {
                return; // this node's own publication: its consumers had it from the event stream
            }

            if (r.Event is RelayHello)
            {
                if (_heard.Add(r.Origin))
                {
                    _log.Info("cluster: event relay: the events of {0} arrive here", r.Origin);
                }

                return;
            }

            Context.System.EventStream.Publish(r);
        });
        Receive<OnvifEvent>(Relay);
        Receive<SegmentRecordedEvent>(Relay);
        Receive<Storage.StorageConfigurationsChanged>(Relay);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new EventRelayActor());

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(OnvifEvent));
        Context.System.EventStream.Subscribe(Self, typeof(SegmentRecordedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(Storage.StorageConfigurationsChanged));
        _mediator.Tell(new Subscribe(Topic, Self));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Relay(object local) => _mediator.Tell(new Publish(Topic, new RelayedEvent(_origin, local)));

    /// <summary>A relay's periodic publication that it is there (never put on an event stream).</summary>
    public sealed record RelayHello
    {
        public static RelayHello Instance { get; } = new();
    }
}
