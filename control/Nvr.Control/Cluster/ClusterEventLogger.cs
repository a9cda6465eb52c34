using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Nvr.Control.Cluster;

/// <summary>Logs membership and reachability changes of the cluster (which nodes record, who was downed and when).</summary>
public sealed class ClusterEventLogger : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ClusterEventLogger()
    {
        Receive<ClusterEvent.MemberUp>(m => _log.Info("cluster: member up {0}", m.Member.Address));
        Receive<ClusterEvent.UnreachableMember>(m => _log.Warning("cluster: member unreachable {0}", m.Member.Address));
        Receive<ClusterEvent.ReachableMember>(m => _log.Info("cluster: member reachable again {0}", m.Member.Address));
        Receive<ClusterEvent.MemberDowned>(m => _log.Warning("cluster: member downed {0}", m.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(m => _log.Warning("cluster: member removed {0}", m.Member.Address));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ClusterEventLogger());

    protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(
        Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
        typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
