using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Cluster;

/// <summary>
/// The sharded entity of one recording (entity id = recording token): wherever sharding places it, it hands its plan
/// to the node's <see cref="NodeRecordingsActor"/>, which runs the recording's data path in the node's recording
/// engine. Remembered, so it restarts on a survivor after its node died without any message; it then asks the plan
/// distributor for its plan until one is known. A recording without a plan passivates (and is forgotten); otherwise it
/// is never passivated. When it stops (its node leaves, hands off or is shut down) the node stops recording it.
/// </summary>
public sealed class RecordingEntityActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskAgain = TimeSpan.FromSeconds(2);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _token = Uri.UnescapeDataString(Context.Self.Path.Name);
    private readonly IActorRef _node;
    private readonly IActorRef _plans;
    private RecordingPlan? _plan;
    private TimeSpan _retention;

    public RecordingEntityActor(IActorRef node, IActorRef plans)
    {
        _node = node;
        _plans = plans;
        Receive<AssignRecordingPlan>(m => Host(m.Plan, m.Retention));
        Receive<RecordingPlanReply>(m =>
        {
            if (_plan is not null || !m.Known)
            {
                return; // up to date already, or recording control has not recovered yet (asked again)
            }

            if (m.Plan is null)
            {
                Unplan();
            }
            else
            {
                Host(m.Plan, m.Retention);
            }
        });
        Receive<UnplanRecording>(_ => Unplan());
        Receive<AskForPlan>(_ =>
        {
            if (_plan is null)
            {
                _plans.Tell(new GetRecordingPlan(_token));
            }
            else
            {
                Timers.Cancel("ask");
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef node, IActorRef plans) => Akka.Actor.Props.Create(() => new RecordingEntityActor(node, plans));

    protected override void PreStart()
    {
        _plans.Tell(new GetRecordingPlan(_token));
        Timers.StartPeriodicTimer("ask", AskForPlan.Instance, AskAgain);
    }

    protected override void PostStop() => _node.Tell(new ReleaseRecording(_token));

    private void Host(RecordingPlan plan, TimeSpan retention)
    {
        if (_plan is null)
        {
            _log.Info("cluster: recording {0} is recorded on this node", _token);
        }

        if (_plan != plan || _retention != retention)
        {
            _plan = plan;
            _retention = retention;
            _node.Tell(new HostRecording(_token, plan, retention));
        }
    }

    private void Unplan()
    {
        _plan = null;
        _node.Tell(new ReleaseRecording(_token));
        Timers.Cancel("ask");
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private sealed class AskForPlan
    {
        public static readonly AskForPlan Instance = new();
    }
}
