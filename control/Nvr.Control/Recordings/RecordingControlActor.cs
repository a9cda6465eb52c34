using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>
/// Owns recordings (with tracks), recording jobs and receivers: validates every command, persists the resulting
/// events (event-sourced, snapshots every <see cref="SnapshotEvery"/> events), elects jobs per track and publishes
/// the seed 5.26 notifications on the event stream. Queries are answered from the same state, so a reply always
/// reflects every command acknowledged before it.
/// </summary>
public sealed partial class RecordingControlActor : ReceivePersistentActor
{
    public const int SnapshotEvery = 200;

    private readonly ControlLimits _limits;
    private readonly TimeProvider _time;
    private readonly bool _electedMeansActive;
    private readonly Dictionary<string, SegmentDurationOverride> _overrides = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _activeSchedules = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Job, string Destination), JobTrackState> _engineStates = new();
    private Dictionary<string, JobStateInformation> _jobStates = new(StringComparer.Ordinal);
    private Election _election = new(new Dictionary<(string, string), RecordingJob>(), new Dictionary<string, RecordingJobConfiguration>());
    private RecordingControlState _state = RecordingControlState.Empty;
    private readonly IActorRef? _engine;
    private IActorRef? _schedules;
    private HashSet<string> _scheduleTokensInUse = new(StringComparer.Ordinal);
    private List<RecordingPlan> _plans = [];
    private Dictionary<string, TimeSpan> _retention = new(StringComparer.Ordinal);
    private List<Receiver> _standby = [];
    private List<UnplannedRecording> _unplanned = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RecordingControlActor(string persistenceId, ControlLimits limits, TimeProvider time, IActorRef? engine)
    {
        PersistenceId = persistenceId;
        _limits = limits;
        _time = time;
        _engine = engine;
        _electedMeansActive = engine is null;

        Recover<IControlEvent>(e => _state = _state.Apply(e));
        Recover<SnapshotOffer>(offer => _state = (RecordingControlState)offer.Snapshot);
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("recording control recovered: {0} recordings, {1} jobs, {2} receivers",
                _state.Recordings.Count, _state.Jobs.Count, _state.Receivers.Count);
            foreach (var receiver in _state.Receivers.Keys)
            {
                Publish(new ReceiverStateEvent(Now, receiver, "NotConnected"));
            }

            Reelect();
        });

        RegisterRecordingCommands();
        RegisterTrackCommands();
        RegisterJobCommands();
        RegisterReceiverCommands();
        RegisterExportCommands();
        Command<ScheduleStateChanged>(OnScheduleStateChanged);
        Command<Schedules.Messages.AttachScheduleService>(a =>
        {
            _schedules = a.Schedules;
            _scheduleTokensInUse = [];
            TellScheduleTokensInUse();
        });
        Command<TrackDataStateChanged>(OnTrackDataStateChanged);
        Command<RecordingDataDeleted>(d => Publish(new DeleteTrackDataEvent(Now, d.RecordingToken, d.TrackToken, d.StartTime, d.EndTime)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("snapshot failed: {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("deleting old snapshots failed: {0}", f.Cause.Message));
    }

    public override string PersistenceId { get; }

    /// <param name="engine">The recording engine told every plan change; without one, a track is Active as soon as it is elected.</param>
    public static Props Props(ControlLimits limits, TimeProvider time, string persistenceId = "recording-control", IActorRef? engine = null) =>
        Akka.Actor.Props.Create(() => new RecordingControlActor(persistenceId, limits, time, engine));

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Persists the events in order, folds them into the state, then runs <paramref name="after"/> once.</summary>
    private void Commit(IReadOnlyList<IControlEvent> events, Action after)
    {
        if (events.Count == 0)
        {
            after();
            return;
        }

        var remaining = events.Count;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            PublishReceiverLifecycle(e);
            if (--remaining > 0)
            {
                return;
            }

            TellScheduleTokensInUse(); // before the reply, so a following DeleteSchedule sees the job's reference
            after();
            Reelect();
            if (LastSequenceNr % SnapshotEvery < events.Count && LastSequenceNr >= SnapshotEvery)
            {
                SaveSnapshot(_state);
            }
        });
    }

    private void Commit(IControlEvent e, Action after) => Commit([e], after);

    private void TellScheduleTokensInUse()
    {
        if (_schedules is null)
        {
            return;
        }

        var inUse = _state.Jobs.Values.Select(j => j.Configuration.ScheduleToken).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (!inUse.SetEquals(_scheduleTokensInUse))
        {
            _scheduleTokensInUse = inUse;
            _schedules.Tell(new Schedules.Messages.ScheduleTokensInUse(inUse), Self);
        }
    }

    private void Reject(ControlFault fault, string reason) => Sender.Tell(new CommandRejected(fault, reason));

    private void Done() => Sender.Tell(CommandDone.Instance);

    private void Publish(OnvifEvent e) => Context.System.EventStream.Publish(e);

    private void Reelect()
    {
        var election = JobArbiter.Elect(_state, IsScheduleActive);
        _election = election;
        var next = JobArbiter.Compute(_state, election, _engineStates, _electedMeansActive);
        foreach (var (token, information) in next)
        {
            if (!_jobStates.TryGetValue(token, out var before) || before.State != information.State)
            {
                Publish(new RecordingJobStateEvent(Now, token, information.State, information));
            }
        }

        foreach (var token in _jobStates.Keys)
        {
            if (!next.ContainsKey(token))
            {
                Publish(new PropertyDeletedEvent(Now, "RecordingConfig/JobState", [new EventItem("RecordingJobToken", token)]));
            }
        }

        _jobStates = next;
        if (_engine is not null)
        {
            var plans = EnginePlanner.Plan(_state, election, Effective);
            var retention = _state.Recordings.Values.ToDictionary(r => r.Token, r => r.Configuration.MaximumRetentionTime, StringComparer.Ordinal);
            var used = plans.SelectMany(p => p.Sources).Select(s => s.ReceiverToken).ToHashSet(StringComparer.Ordinal);
            var standby = _state.Receivers.Values.Where(r => r.Configuration.Mode == ReceiverModes.AlwaysConnect && !used.Contains(r.Token)).ToList();
            var planned = plans.Select(p => p.RecordingToken).ToHashSet(StringComparer.Ordinal);
            var unplanned = _state.Recordings.Values.Where(r => !planned.Contains(r.Token))
                .Select(r => new UnplannedRecording(r.Token, r.Configuration.Target, r.Tracks)).ToList();
            if (!plans.SequenceEqual(_plans) || !standby.SequenceEqual(_standby) || !unplanned.SequenceEqual(_unplanned) ||
                retention.Count != _retention.Count || retention.Any(p => _retention.GetValueOrDefault(p.Key) != p.Value))
            {
                _plans = plans;
                _retention = retention;
                _standby = standby;
                _unplanned = unplanned;
                _engine.Tell(new EnginePlanChanged(plans, retention, standby, unplanned), Self);
            }
        }
    }

    /// <summary>A created receiver starts NotConnected (tns1:Receiver/ChangeState); a deleted one's state is Deleted.</summary>
    private void PublishReceiverLifecycle(IControlEvent e)
    {
        if (e is ReceiverCreated created)
        {
            Publish(new ReceiverStateEvent(Now, created.Token, "NotConnected"));
        }
        else if (e is ReceiverDeleted deleted)
        {
            _receiverConnections.Remove(deleted.Token);
            Publish(new PropertyDeletedEvent(Now, "Receiver/ChangeState", [new EventItem("ReceiverToken", deleted.Token)]));
        }
    }

    private bool IsScheduleActive(string token) => _activeSchedules.TryGetValue(token, out var active) && active;

    private void OnScheduleStateChanged(ScheduleStateChanged change)
    {
        if (change.Exists && change.Active)
        {
            _activeSchedules[change.ScheduleToken] = true;
        }
        else
        {
            _activeSchedules.Remove(change.ScheduleToken);
        }

        Reelect();
    }

    /// <summary>
    /// The engine reports a track's data state: only that job's state can change (the election and the plans do not
    /// depend on it), so it is recomputed alone; electing again over every job here made activating N jobs cost N².
    /// </summary>
    private void OnTrackDataStateChanged(TrackDataStateChanged change)
    {
        var key = (change.JobToken, change.Destination);
        if (change.State == JobStates.Idle && change.Error is null)
        {
            _engineStates.Remove(key);
        }
        else
        {
            _engineStates[key] = new JobTrackState(string.Empty, change.Destination, change.State, change.Error);
        }

        if (!_jobStates.TryGetValue(change.JobToken, out var before) ||
            JobArbiter.ComputeJob(change.JobToken, _election, _engineStates, _electedMeansActive) is not { } information)
        {
            return; // a job deleted since the report (its state went with it)
        }

        _jobStates[change.JobToken] = information;
        if (before.State != information.State)
        {
            Publish(new RecordingJobStateEvent(Now, change.JobToken, information.State, information));
        }
    }

    /// <summary>Deletions for the auto-created receivers that no job of <paramref name="after"/> uses (seed 5.5, 5.14, 5.16).</summary>
    private List<IControlEvent> OrphanedReceivers(RecordingControlState after)
    {
        var events = new List<IControlEvent>();
        var used = after.ReceiversInUse();
        foreach (var receiver in after.Receivers.Values)
        {
            if (receiver.AutoCreated && !used.Contains(receiver.Token))
            {
                events.Add(new ReceiverDeleted(receiver.Token));
            }
        }

        return events;
    }
}
