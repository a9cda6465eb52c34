using Akka.Actor;
using Akka.Event;
using Nvr.Control.Engine.Messages;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Storage.Index;
using Nvr.Storage.Retention;

namespace Nvr.Control.Engine;

/// <summary>
/// The recording engine: keeps one <see cref="RecordingRunner"/> per planned recording, started, updated or stopped
/// as the control plane's plans change, and relays what the runners see (data flowing, errors, receiver
/// connections) back to the recording control actor. Reports of runners that were replaced are ignored; when a
/// recording stops, its tracks are reported Idle at once.
/// </summary>
public sealed class RecordingEngineActor : ReceiveActor, IWithTimers
{
    private readonly EngineSettings _settings;
    private readonly SinkRegistry _sinks;
    private readonly Dictionary<string, (long Id, RecordingRunner Runner)> _runners = new(StringComparer.Ordinal);
    private readonly HashSet<long> _current = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, string> _storageOfRunner = [];
    private readonly RecordedRangeIndex? _index;
    private readonly RetentionEnforcer? _retentionEnforcer;
    private IReadOnlyDictionary<string, TimeSpan> _retention = new Dictionary<string, TimeSpan>();
    private readonly Dictionary<string, (long Id, StandbyReceiver Receiver)> _standby = new(StringComparer.Ordinal);
    private IActorRef _control = ActorRefs.Nobody;
    private long _nextRunner;
    private readonly Triggers.PropertyStateCache _properties = new();

    public RecordingEngineActor(EngineSettings settings)
    {
        _settings = settings;
        _sinks = new SinkRegistry(settings);
        if (settings.IndexPath is { } indexPath)
        {
            _index = new RecordedRangeIndex(indexPath);
            _retentionEnforcer = new RetentionEnforcer(_index, storage => _sinks.GetLocal(storage), settings.Time);
        }

        Receive<EnginePlanChanged>(p =>
        {
            _control = Sender;
            _retention = p.Retention;
            ApplyStandby(p.StandbyReceivers);
            Apply(p.Plans);
        });
        Receive<EnforceRetention>(_ => OnEnforceRetention());
        Receive<TrackStateReported>(m =>
        {
            if (_current.Contains(m.Runner))
            {
                _control.Tell(new TrackDataStateChanged(m.JobToken, m.Destination, m.State, m.Error));
            }
        });
        Receive<ReceiverStateReported>(m =>
        {
            if (_current.Contains(m.Runner))
            {
                _control.Tell(new ReceiverConnectionChanged(m.ReceiverToken, m.State));
            }
        });
        Receive<SegmentStored>(m =>
        {
            var s = m.Segment;
            _log.Debug("recording {0}: segment {1} ({2} bytes)", m.RecordingToken, s.Key, s.Bytes);
            if (s.Stored && _index is not null && _storageOfRunner.TryGetValue(m.Runner, out var storage))
            {
                var external = _sinks.GetLocal(storage) is null;
                foreach (var track in s.Tracks)
                {
                    _index.Add(new RecordedSegment(m.RecordingToken, track, s.StartUtc, s.EndUtc, storage, s.Key, s.Bytes, external));
                }
            }

            Context.System.EventStream.Publish(new SegmentRecordedEvent(m.RecordingToken, s.Key, s.Tracks, s.StartUtc, s.EndUtc, s.Bytes, s.Stored));
        });
        Receive<SpanEnded>(m => Context.System.EventStream.Publish(
            new SpanEndedEvent(m.RecordingToken, m.Span.EndKey, m.Span.StartUtc, m.Span.EndUtc, m.Span.Segments, m.Span.Reason.ToString())));
        Receive<RunnerLog>(m => _log.Warning(m.Message));
        Receive<CameraEventReported>(m =>
        {
            if (_current.Contains(m.Runner))
            {
                Context.System.EventStream.Publish(m.Event); // comes back as an OnvifEvent to every runner's gate
            }
        });
        Receive<OnvifEvent>(e =>
        {
            _properties.Record(e);
            foreach (var (token, (_, runner)) in _runners)
            {
                if (runner.OnEvent(e))
                {
                    _log.Info("recording {0}: event {1} at {2:O} moved its event window", token, e.Topic, e.UtcTime);
                }
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(EngineSettings settings) => Akka.Actor.Props.Create(() => new RecordingEngineActor(settings));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(OnvifEvent));
        if (_retentionEnforcer is not null)
        {
            Timers.StartPeriodicTimer("retention", EnforceRetention.Instance, _settings.RetentionInterval);
        }
    }

    /// <summary>Seed 5.3.1: data older than MaximumRetentionTime is deleted, then the free-space watermark (local storage; see docs/storage.md for S3).</summary>
    private void OnEnforceRetention()
    {
        if (_retentionEnforcer is null)
        {
            return;
        }

        foreach (var (recording, limit) in _retention)
        {
            if (limit <= TimeSpan.Zero)
            {
                continue;
            }

            try
            {
                foreach (var range in _retentionEnforcer.EnforceMaximumRetention(recording, limit))
                {
                    _control.Tell(new RecordingDataDeleted(recording, range.Track, range.Start, range.End));
                }
            }
            catch (IOException e)
            {
                _log.Warning("retention of recording {0}: {1}", recording, e.Message);
            }
        }

        foreach (var range in new FreeSpaceWatermark(_retentionEnforcer, _settings).Enforce((storage, e) => _log.Warning("free-space watermark of storage {0}: {1}", storage, e.Message)))
        {
            _control.Tell(new RecordingDataDeleted(range.Recording, range.Track, range.Start, range.End));
        }
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        var stopping = _runners.Values.Select(r => r.Runner.DisposeAsync().AsTask())
            .Concat(_standby.Values.Select(s => s.Receiver.DisposeAsync().AsTask())).ToList();
        _runners.Clear();
        _standby.Clear();
        _current.Clear();
        try
        {
            Task.WhenAll(stopping).Wait(TimeSpan.FromSeconds(30));
            _sinks.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
            _index?.Dispose();
        }
        catch (AggregateException e)
        {
            _log.Warning("stopping the recording engine: {0}", e.InnerException?.Message);
        }

        base.PostStop();
    }

    private void Apply(IReadOnlyList<RecordingPlan> plans)
    {
        var wanted = plans.ToDictionary(p => p.RecordingToken, StringComparer.Ordinal);
        foreach (var token in _runners.Keys.Where(t => !wanted.ContainsKey(t)).ToList())
        {
            Stop(token);
        }

        foreach (var plan in plans)
        {
            if (_runners.TryGetValue(plan.RecordingToken, out var running))
            {
                if (running.Runner.Plan == plan)
                {
                    continue;
                }

                if (running.Runner.CanUpdateTo(plan))
                {
                    running.Runner.Update(plan);
                    continue;
                }

                Stop(plan.RecordingToken);
            }

            Start(plan);
        }
    }

    /// <summary>Keeps the AlwaysConnect receivers that no plan uses connected; stops the others first.</summary>
    private void ApplyStandby(IReadOnlyList<Receiver> receivers)
    {
        var wanted = receivers.Where(r => Uri.TryCreate(r.Configuration.MediaUri, UriKind.Absolute, out _))
            .ToDictionary(r => r.Token, StringComparer.Ordinal);
        foreach (var (token, (id, standby)) in _standby.ToList())
        {
            if (!wanted.TryGetValue(token, out var receiver) || receiver != standby.Receiver)
            {
                _standby.Remove(token);
                _current.Remove(id);
                var log = _log;
                standby.DisposeAsync().AsTask().ContinueWith(
                    t => log.Warning("receiver {0}: stopping failed: {1}", token, t.Exception?.InnerException?.Message),
                    TaskContinuationOptions.OnlyOnFaulted);
                _control.Tell(new ReceiverConnectionChanged(token, "NotConnected"));
            }
        }

        foreach (var receiver in wanted.Values.Where(r => !_standby.ContainsKey(r.Token)))
        {
            var id = ++_nextRunner;
            var events = new RunnerEventsToActor(Self, id);
            _current.Add(id);
            _standby[receiver.Token] = (id, new StandbyReceiver(receiver, _settings, change => events.ReceiverState(receiver.Token, change.Current.ToString()), events.CameraEvent));
        }
    }

    private void Start(RecordingPlan plan)
    {
        var id = ++_nextRunner;
        try
        {
            var sink = _sinks.Get(EngineTargetMapper.StorageOf(plan, _settings));
            var runner = new RecordingRunner(plan, _settings, sink, new RunnerEventsToActor(Self, id));
            _runners[plan.RecordingToken] = (id, runner);
            _storageOfRunner[id] = EngineTargetMapper.StorageOf(plan, _settings);
            _current.Add(id);
            runner.Start();
            foreach (var holding in _properties.Holding())
            {
                runner.OnEvent(holding); // conditions that already hold (seed 5.3.4 event recording starts at once)
            }

            _log.Info("recording {0}: started ({1} sources)", plan.RecordingToken, plan.Sources.Count);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _log.Error("recording {0} cannot start: {1}", plan.RecordingToken, e.Message);
            ReportAll(plan, JobStates.Error, e.Message);
        }
    }

    private void Stop(string token)
    {
        var (id, runner) = _runners[token];
        _runners.Remove(token);
        _current.Remove(id);
        ReportAll(runner.Plan, JobStates.Idle, null);
        foreach (var source in runner.Plan.Sources)
        {
            _control.Tell(new ReceiverConnectionChanged(source.ReceiverToken, "NotConnected"));
        }

        var log = _log;
        runner.DisposeAsync().AsTask().ContinueWith(
            t => log.Warning("recording {0}: stopping failed: {1}", token, t.Exception?.InnerException?.Message),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    private void ReportAll(RecordingPlan plan, string state, string? error)
    {
        foreach (var source in plan.Sources)
        {
            foreach (var track in source.Tracks)
            {
                _control.Tell(new TrackDataStateChanged(source.JobToken, track.Destination, state, error));
            }
        }
    }
}
