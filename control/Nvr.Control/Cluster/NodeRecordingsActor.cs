using Akka.Actor;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Cluster;

/// <summary>
/// One per node: the recordings whose entities live here (and the standby receivers when the control singleton
/// runs here), told to the node's <see cref="Engine.RecordingEngineActor"/> as its complete plan set; the engine's
/// reports (track data states, receiver connections, deleted data) go on to recording control wherever it runs.
/// </summary>
public sealed class NodeRecordingsActor : ReceiveActor
{
    private readonly IActorRef _engine;
    private readonly SortedDictionary<string, RecordingPlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _retention = new(StringComparer.Ordinal);
    private IReadOnlyList<Receiver> _standby = [];
    private bool _stopped;

    public NodeRecordingsActor(IActorRef engine, IActorRef recordingControl)
    {
        _engine = engine;
        Receive<StopNodeRecordings>(_ =>
        {
            _stopped = true;
            _plans.Clear();
            _standby = [];
            _engine.Forward(Engine.Messages.StopRecordings.Instance);
        });
        Receive<HostRecording>(m =>
        {
            if (_stopped)
            {
                return; // shutting down: this node records nothing any more
            }

            _plans[m.Token] = m.Plan;
            _retention[m.Token] = m.Retention; // kept after the recording moves: this node's index still holds its segments
            Apply();
        });
        Receive<ReleaseRecording>(m =>
        {
            if (_plans.Remove(m.Token))
            {
                Apply();
            }
        });
        Receive<SetStandbyReceivers>(m =>
        {
            if (!m.Receivers.SequenceEqual(_standby))
            {
                _standby = m.Receivers;
                Apply();
            }
        });
        Receive<TrackDataStateChanged>(m => recordingControl.Tell(m, ActorRefs.NoSender));
        Receive<ReceiverConnectionChanged>(m => recordingControl.Tell(m, ActorRefs.NoSender));
        Receive<RecordingDataDeleted>(m => recordingControl.Tell(m, ActorRefs.NoSender));
    }

    public static Props Props(IActorRef engine, IActorRef recordingControl) => Akka.Actor.Props.Create(() => new NodeRecordingsActor(engine, recordingControl));

    private void Apply()
    {
        if (!_stopped)
        {
            _engine.Tell(new EnginePlanChanged([.. _plans.Values], new Dictionary<string, TimeSpan>(_retention, StringComparer.Ordinal), _standby, []));
        }
    }
}
