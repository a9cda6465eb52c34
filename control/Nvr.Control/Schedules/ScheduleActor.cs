using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Nvr.Control.Events;
using Nvr.Control.Schedules.Messages;
using Nvr.Scheduling.Book;
using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Faults;
using Nvr.Scheduling.Model;
using Nvr.Scheduling.Tracking;

namespace Nvr.Control.Schedules;

/// <summary>
/// Owns the schedules and special day groups (ONVIF Schedule service): validates with the
/// <see cref="ScheduleBook"/>, persists its changes, keeps one timer per schedule through the
/// <see cref="ScheduleStateTracker"/> and tells the recording control actor every state change, so recording jobs
/// with a ScheduleToken are elected exactly at the schedule's boundaries.
/// </summary>
public sealed partial class ScheduleActor : ReceivePersistentActor
{
    public const int SnapshotEvery = 200;

    private readonly ScheduleServiceCapabilities _capabilities;
    private readonly TimeProvider _time;
    private readonly IActorRef _recordingControl;
    private readonly ScheduleStateTracker _tracker;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private HashSet<string> _inUse = new(StringComparer.Ordinal);
    private ScheduleBook _book;

    public ScheduleActor(string persistenceId, ScheduleServiceCapabilities capabilities, string timeZone, TimeProvider time, IActorRef recordingControl)
    {
        PersistenceId = persistenceId;
        _capabilities = capabilities;
        _time = time;
        _recordingControl = recordingControl;
        _book = NewBook(null);
        var self = Self;
        _tracker = new ScheduleStateTracker(new ScheduleEvaluator(timeZone), time, change => self.Tell(new TrackerFired(change)));

        Recover<ScheduleBookSnapshot>(snapshot => _book = NewBook(snapshot));
        Recover<SnapshotOffer>(offer => _book = NewBook((ScheduleBookSnapshot)offer.Snapshot));
        Recover<ScheduleBookChange>(change => _book.Apply(change));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var schedule in _book.GetScheduleList(null, null).Items)
            {
                TrackAll(schedule.Token);
            }

            _log.Info("schedules recovered: {0} schedules, {1} special day groups", _book.ScheduleCount, _book.SpecialDayGroupCount);
        });

        RegisterCommands();
        Command<ScheduleTokensInUse>(m => _inUse = new HashSet<string>(m.Tokens, StringComparer.Ordinal));
        Command<TrackerFired>(m => OnStateChanged(m.Change));
        Command<WallClockSteppedEvent>(_ => _tracker.ReevaluateAll()); // a step is a legitimate re-evaluation (local wall-clock time)
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("schedule snapshot failed: {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static Props Props(ScheduleServiceCapabilities capabilities, string timeZone, TimeProvider time, IActorRef recordingControl, string persistenceId = "schedules") =>
        Akka.Actor.Props.Create(() => new ScheduleActor(persistenceId, capabilities, timeZone, time, recordingControl));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(WallClockSteppedEvent));
        base.PreStart();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _tracker.Dispose();
        base.PostStop();
    }

    private ScheduleBook NewBook(ScheduleBookSnapshot? snapshot) =>
        snapshot is null
            ? new ScheduleBook(_capabilities, _time, token => _inUse.Contains(token))
            : ScheduleBook.FromSnapshot(snapshot, _capabilities, _time, token => _inUse.Contains(token));

    private void TrackAll(string token)
    {
        try
        {
            _tracker.Track(_book.CompileSchedule(token));
        }
        catch (ScheduleFaultException e)
        {
            _log.Warning("schedule {0} cannot be evaluated: {1}", token, e.Message);
        }
    }

    private void OnStateChanged(Nvr.Scheduling.Tracking.ScheduleStateChanged change)
    {
        var exists = _book.TryGetSchedule(change.Token, out _);
        _recordingControl.Tell(new Recordings.Messages.ScheduleStateChanged(change.Token, exists, exists && change.State.Active));
        if (exists)
        {
            Context.System.EventStream.Publish(new ScheduleStateEvent(change.At, change.Token, change.Name, change.State.Active, change.State.SpecialDay));
        }
    }

    /// <summary>Decides a change (faults are replied), persists it, applies it to the book and the tracker.</summary>
    private void Change<T>(Func<T> decide)
        where T : ScheduleBookChange
    {
        T change;
        try
        {
            change = decide();
        }
        catch (ScheduleFaultException fault)
        {
            Sender.Tell(new ScheduleRejected(fault.Fault, fault.Reason));
            return;
        }

        Persist(change, c =>
        {
            _book.Apply(c);
            _tracker.Apply(_book, c);
            if (c is ScheduleDeleted deleted)
            {
                _recordingControl.Tell(new Recordings.Messages.ScheduleStateChanged(deleted.Token, false, false));
                Context.System.EventStream.Publish(new PropertyDeletedEvent(_time.GetUtcNow(), "Schedule/State/Active", [new EventItem("ScheduleToken", deleted.Token)]));
            }

            Sender.Tell(c);
            Context.System.EventStream.Publish(ConfigurationEvent(c));
            if (LastSequenceNr % SnapshotEvery == 0)
            {
                SaveSnapshot(_book.ToSnapshot());
            }
        });
    }

    private ScheduleConfigurationEvent ConfigurationEvent(ScheduleBookChange change) => change switch
    {
        ScheduleSaved s => new(_time.GetUtcNow(), "Configuration/Schedule/Changed", s.Schedule.Token),
        ScheduleDeleted d => new(_time.GetUtcNow(), "Configuration/Schedule/Removed", d.Token),
        SpecialDayGroupSaved g => new(_time.GetUtcNow(), "Configuration/SpecialDays/Changed", g.Group.Token),
        SpecialDayGroupDeleted g => new(_time.GetUtcNow(), "Configuration/SpecialDays/Removed", g.Token),
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    /// <summary>Answers a query (faults are replied).</summary>
    private void Query(Func<object> read)
    {
        try
        {
            Sender.Tell(read());
        }
        catch (ScheduleFaultException fault)
        {
            Sender.Tell(new ScheduleRejected(fault.Fault, fault.Reason));
        }
    }
}
