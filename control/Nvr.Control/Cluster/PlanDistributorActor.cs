using Akka.Actor;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Cluster;

/// <summary>
/// Recording control's engine in cluster mode (a child of the control singleton): turns every
/// <see cref="EnginePlanChanged"/> into messages to the recordings' sharded entities (a changed plan, a removed one),
/// repeats every plan periodically (an entity that lost a message or was not remembered comes up to date), answers
/// entities that start without a message, and keeps the standby receivers on its own node. Exports go to the engine
/// of this node.
/// </summary>
public sealed class PlanDistributorActor : ReceiveActor, IWithTimers
{
    /// <summary>How often every plan is sent again to its entity.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(10);

    private readonly IActorRef _region;
    private readonly IActorRef _node;
    private Dictionary<string, RecordingPlan> _plans = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, TimeSpan> _retention = new Dictionary<string, TimeSpan>();
    private bool _known;

    public PlanDistributorActor(IActorRef region, IActorRef node, IActorRef engine)
    {
        _region = region;
        _node = node;
        Receive<EnginePlanChanged>(OnPlans);
        // recording control tells a plan set only when it differs from the empty one: once it has recovered, no plan is known
        Receive<RecordingControlRecovered>(_ => _known = true);
        Receive<GetRecordingPlan>(m => Sender.Tell(new RecordingPlanReply(
            m.Token, _known, _plans.GetValueOrDefault(m.Token), _retention.GetValueOrDefault(m.Token))));
        Receive<Resend>(_ =>
        {
            foreach (var plan in _plans.Values)
            {
                _region.Tell(new AssignRecordingPlan(plan.RecordingToken, plan, _retention.GetValueOrDefault(plan.RecordingToken)));
            }
        });
        ReceiveAny(m => engine.Forward(m)); // exports and engine statistics: this node's engine
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef region, IActorRef node, IActorRef engine) =>
        Akka.Actor.Props.Create(() => new PlanDistributorActor(region, node, engine));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("resend", Resend.Instance, ResendInterval);
    }

    private void OnPlans(EnginePlanChanged changed)
    {
        _known = true;
        var wanted = changed.Plans.ToDictionary(p => p.RecordingToken, StringComparer.Ordinal);
        foreach (var token in _plans.Keys.Where(t => !wanted.ContainsKey(t)))
        {
            _region.Tell(new UnplanRecording(token));
        }

        foreach (var (token, plan) in wanted)
        {
            var retention = changed.Retention.GetValueOrDefault(token);
            if (!_plans.TryGetValue(token, out var before) || before != plan || _retention.GetValueOrDefault(token) != retention)
            {
                _region.Tell(new AssignRecordingPlan(token, plan, retention));
            }
        }

        _plans = wanted;
        _retention = changed.Retention;
        _node.Tell(new SetStandbyReceivers(changed.StandbyReceivers));
    }

    private sealed class Resend
    {
        public static readonly Resend Instance = new();
    }

    /// <summary>Recording control answered its first command: it has recovered and planned (no message: nothing to record).</summary>
    public sealed class RecordingControlRecovered
    {
        public static readonly RecordingControlRecovered Instance = new();
    }
}
