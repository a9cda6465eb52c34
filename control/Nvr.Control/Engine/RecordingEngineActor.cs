using Akka.Actor;
using Akka.Event;
using Nvr.Control.Engine.Messages;
using Nvr.Control.Events;
using Nvr.Control.Exports;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Recording.Engine;
using Nvr.Storage.Index;
using Nvr.Storage.Retention;

namespace Nvr.Control.Engine;

/// <summary>
/// The recording engine: one supervised <see cref="RecordingRunnerActor"/> per planned recording, started, updated or
/// stopped as the control plane's plans change, and relays what the runners see (data flowing, errors, receiver
/// connections) back to the recording control actor. Reports of runners that were replaced are ignored; when a
/// recording stops, its tracks are reported Idle at once. A runner that fails is restarted (counted and logged).
/// The recorded-range index is written by a <see cref="RecordingIndexWorker"/>, off this actor's thread.
/// </summary>
public sealed partial class RecordingEngineActor : ReceiveActor, IWithTimers
{
    /// <summary>Restarts allowed per recording within <see cref="RestartWindow"/> before it is stopped for good.</summary>
    public const int MaxRestarts = 10;

    public static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(1);

    private readonly EngineSettings _settings;
    private readonly SinkRegistry _sinks;
    /// <summary>First retry of a plan that could not start; doubled per attempt up to <see cref="StartRetryMax"/>.</summary>
    public static readonly TimeSpan StartRetry = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan StartRetryMax = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, RunnerEntry> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Attempts, string Reason, long Due)> _notStarted = new(StringComparer.Ordinal);
    private Dictionary<string, RecordingPlan> _planned = new(StringComparer.Ordinal);
    private readonly HashSet<long> _current = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, string> _storageOfRunner = [];
    private readonly RecordingIndexWorker? _index;
    private IReadOnlyDictionary<string, TimeSpan> _retention = new Dictionary<string, TimeSpan>();
    private readonly Dictionary<string, (long Id, StandbyReceiver Receiver)> _standby = new(StringComparer.Ordinal);
    private IActorRef _control = ActorRefs.Nobody;
    private long _nextRunner;
    private long _restarts;
    private readonly Triggers.PropertyStateCache _properties = new();
    private readonly IActorRef _exports = ActorRefs.Nobody;

    public RecordingEngineActor(EngineSettings settings)
    {
        _settings = settings;
        _sinks = new SinkRegistry(settings);
        if (settings.EffectiveIndex is { } indexLocation)
        {
            var index = new RecordedRangeIndex(indexLocation);
            var pins = new ExportPins();
            var enforcer = new RetentionEnforcer(index, storage => _sinks.GetLocal(storage), settings.Time, inUse: pins.IsPinned);
            var staging = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.SpoolRoot))!, "export-staging");
            _exports = Context.ActorOf(ExportSupervisorActor.Props(index, settings.Storages, settings.SpoolRoot, staging, settings.Time, pins, settings.ExportBytesPerSecond), "exports");
            var self = Self;
            _index = new RecordingIndexWorker(index, enforcer, new FreeSpaceWatermark(enforcer, settings),
                range => self.Tell(new IndexRangeDeleted(range)), message => self.Tell(new RunnerLog(0, message)));
        }

        Receive<EnginePlanChanged>(p =>
        {
            _control = Sender;
            _retention = p.Retention;
            ApplyStandby(p.StandbyReceivers);
            Apply(p.Plans);
            _planned = p.Plans.ToDictionary(plan => plan.RecordingToken, StringComparer.Ordinal);
            _unplanned = p.Unplanned;
            OpenStoragesOnce();
            IndexUnplanned();
        });
        Receive<StoragesOpened>(OnStoragesOpened);
        Receive<RetryStarts>(_ => OnRetryStarts());
        Receive<EnforceRetention>(_ =>
        {
            if (_index?.TryEnforceRetention(_retention) == false)
            {
                _log.Warning("retention pass skipped: the index worker is busy ({0} requests refused)", _index.Refused);
            }
        });
        Receive<IndexRangeDeleted>(m => _control.Tell(new RecordingDataDeleted(m.Range.Recording, m.Range.Track, m.Range.Start, m.Range.End)));
        Receive<TrackStateReported>(m =>
        {
            if (_current.Contains(m.Runner))
            {
                _control.Tell(new TrackDataStateChanged(m.JobToken, m.Destination, JobStates.Of(m.State), m.Error));
            }
        });
        Receive<ReceiverStateReported>(m =>
        {
            if (_current.Contains(m.Runner))
            {
                _control.Tell(new ReceiverConnectionChanged(m.ReceiverToken, ReceiverStates.Of(m.State)));
            }
        });
        Receive<SegmentStored>(OnSegmentStored);
        Receive<SpanEnded>(m => Context.System.EventStream.Publish(
            new SpanEndedEvent(m.RecordingToken, m.Span.EndKey, m.Span.StartUtc, m.Span.EndUtc, m.Span.Segments, m.Span.Reason.ToString())));
        Receive<RunnerLog>(m => _log.Warning(m.Message));
        Receive<ReceiverFailureReported>(m =>
        {
            if (_current.Contains(m.Runner))
            {
                Context.System.EventStream.Publish(new ReceiverConnectionFailedEvent(_settings.Time.GetUtcNow(), m.ReceiverToken, m.Failure.Reason, m.Failure.StatusCode));
            }
        });
        Receive<CameraEventReported>(m =>
        {
            if (_current.Contains(m.Runner))
            {
                StoreCameraEvent(m);
                Context.System.EventStream.Publish(DeviceEvent.From(m.Event)); // comes back as an OnvifEvent to every runner's gate
            }
        });
        Receive<OnvifEvent>(OnEvent);
        Receive<Cluster.RelayedEvent>(r =>
        {
            if (r.Event is OnvifEvent e)
            {
                OnEvent(e); // cluster mode: event triggers see another node's camera events and the singleton's schedule states
            }
        });
        Receive<RunnerStarted>(m =>
        {
            if (_runners.TryGetValue(m.RecordingToken, out var entry) && Sender.Equals(entry.Actor))
            {
                // a restarted runner starts from its first plan: bring it up to date, then replay the conditions that
                // already hold (seed 5.3.4 event recording starts at once)
                entry.Actor.Tell(new UpdateRunner(entry.RunnerPlan));
                foreach (var holding in _properties.Holding())
                {
                    entry.Actor.Tell(new RunnerEvent(holding));
                }
            }
        });
        Receive<RunExport>(m => ForwardExport(m));
        Receive<GetExportState>(m => ForwardExport(m));
        Receive<StopExport>(m => ForwardExport(m));
        Receive<GetEngineStatistics>(_ => Sender.Tell(new EngineStatistics(_runners.Count, _restarts, _index?.Refused ?? 0)));
        Receive<StopRecordings>(_ => StopEverything(Sender));
        Receive<RunnerStopped>(_ => { }); // a stopped recording's spans are closed; nothing waits for it
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(EngineSettings settings) => Akka.Actor.Props.Create(() => new RecordingEngineActor(settings));

    /// <summary>A failing recording is restarted (its spans close, a new runner reconnects), counted and logged.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(MaxRestarts, RestartWindow, error =>
    {
        _restarts++;
        var recording = error is RecordingRunnerFailedException failed ? failed.RecordingToken : "?";
        _log.Warning("recording {0}: the data path failed ({1}); restarting it (restart {2} of the engine)", recording, error.GetBaseException().Message, _restarts);
        return Directive.Restart;
    });

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(OnvifEvent));
        Context.System.EventStream.Subscribe(Self, typeof(Cluster.RelayedEvent));
        if (_index is not null)
        {
            Timers.StartPeriodicTimer("retention", EnforceRetention.Instance, _settings.RetentionInterval);
        }
    }

    private void OnEvent(OnvifEvent e)
    {
        _properties.Record(e);
        foreach (var entry in _runners.Values)
        {
            entry.Actor.Tell(new RunnerEvent(e));
        }
    }

    private void ForwardExport(object message)
    {
        if (_exports.IsNobody())
        {
            Sender.Tell(new CommandRejected(ControlFault.BadConfiguration, "this appliance has no recorded-range index: nothing can be exported"));
            return;
        }

        _exports.Forward(message);
    }

    private void OnSegmentStored(SegmentStored m)
    {
        var s = m.Segment;
        _log.Debug("recording {0}: segment {1} ({2} bytes)", m.RecordingToken, s.Key, s.Bytes);
        if (s.Stored && _index is not null && _storageOfRunner.TryGetValue(m.Runner, out var storage))
        {
            var external = _sinks.GetLocal(storage) is null;
            var entries = s.Tracks.Select(track => new RecordedSegment(m.RecordingToken, track, s.StartUtc, s.EndUtc, storage, s.Key, s.Bytes, external)).ToList();
            var parameters = s.Tracks
                .Select((track, i) => s.Parameters is { } p && i < p.Count && p[i] is { } known ? new TrackParametersChange(m.RecordingToken, track, s.StartUtc, known) : null)
                .OfType<TrackParametersChange>()
                .ToList();
            if (!_index.TryAdd(entries, parameters))
            {
                _log.Warning("recording {0}: segment {1} not indexed, the index worker is busy ({2} requests refused)", m.RecordingToken, s.Key, _index.Refused);
            }
        }

        Context.System.EventStream.Publish(new SegmentRecordedEvent(m.RecordingToken, s.Key, s.Tracks, s.StartUtc, s.EndUtc, s.Bytes, s.Stored));
    }

    /// <summary>A camera notification recorded in a metadata track is kept in the index (FindEvents finds it later).</summary>
    private void StoreCameraEvent(CameraEventReported m)
    {
        if (_index is null || m.RecordingToken is not { } recording || m.MetadataTracks is not { Count: > 0 } tracks)
        {
            return;
        }

        if (_settings.Lease is { IsHeld: false })
        {
            return; // cluster mode, writer lease lost: this node records nothing, camera events included
        }

        var e = m.Event;
        var rows = tracks.Select(track => new RecordedEvent(recording, track, e.UtcTime, e.Topic, e.PropertyOperation,
            [.. e.Source.Select(i => new RecordedEventItem(i.Name, i.Value))], [.. e.Data.Select(i => new RecordedEventItem(i.Name, i.Value))])).ToList();
        if (!_index.TryAddEvents(rows))
        {
            _log.Warning("recording {0}: a camera event ({1}) was not indexed, the index worker is busy ({2} requests refused)", recording, e.Topic, _index.Refused);
        }
    }

    private sealed record RunnerEntry(long Id, IActorRef Actor, RecordingPlan Plan, RunnerPlan RunnerPlan);
}
