using Akka.Actor;
using Akka.Event;
using Nvr.Control.Engine.Messages;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Recording.Engine;

namespace Nvr.Control.Engine;

/// <summary>Starting, updating and stopping the runners and standby receivers; stopping the engine.</summary>
public sealed partial class RecordingEngineActor
{
    /// <summary>
    /// Without a coordinated <see cref="StopRecordings"/> (the actor stopped some other way) nothing may block here:
    /// what still runs is closed in the background, failures logged.
    /// </summary>
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        var log = _log;
        var stopping = _standby.Values.Select(s => s.Receiver.DisposeAsync().AsTask()).ToList();
        _runners.Clear();
        _standby.Clear();
        _current.Clear();
        var sinks = _sinks;
        var index = _index;
        stopping.Add(Opened(_opening));
        Task.WhenAll(stopping)
            .ContinueWith(async _ =>
            {
                await sinks.DisposeAsync().ConfigureAwait(false);
                if (index is not null)
                {
                    await index.DisposeAsync().ConfigureAwait(false);
                }
            }, TaskScheduler.Default)
            .Unwrap()
            .ContinueWith(t => log.Warning("stopping the recording engine: {0}", t.Exception?.GetBaseException().Message),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        base.PostStop();
    }

    /// <summary>Coordinated shutdown: every runner closes its spans, then the sinks and the index close; the reply follows.</summary>
    private void StopEverything(IActorRef replyTo)
    {
        var runners = _runners.Values.Select(r => r.Actor.Ask<RunnerStopped>(StopRunner.Instance, TimeSpan.FromSeconds(60))).ToList();
        var standby = _standby.Values.Select(s => s.Receiver.DisposeAsync().AsTask()).ToList();
        standby.Add(Opened(_opening)); // the sinks are disposed after the storages opening at the start ended
        _runners.Clear();
        _standby.Clear();
        _current.Clear();
        var sinks = _sinks;
        var index = _index;
        var log = _log;
        StopAllAsync().PipeTo(replyTo, Self, () => RecordingsStopped.Instance, e =>
        {
            log.Warning("stopping the recording engine: {0}", e.GetBaseException().Message);
            return RecordingsStopped.Instance;
        });

        async Task StopAllAsync()
        {
            await Task.WhenAll(runners.Cast<Task>().Concat(standby)).ConfigureAwait(false);
            await sinks.DisposeAsync().ConfigureAwait(false);
            if (index is not null)
            {
                await index.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Completes when the background opening of the storages ended, however it ended (its outcome is reported to the actor).</summary>
    private static Task Opened(Task? opening) =>
        opening?.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default) ?? Task.CompletedTask;

    private void Apply(IReadOnlyList<RecordingPlan> plans)
    {
        var wanted = plans.ToDictionary(p => p.RecordingToken, StringComparer.Ordinal);
        foreach (var token in _notStarted.Keys.Where(t => !wanted.ContainsKey(t)).ToList())
        {
            _notStarted.Remove(token);
        }

        foreach (var token in _runners.Keys.Where(t => !wanted.ContainsKey(t)).ToList())
        {
            Stop(token);
        }

        foreach (var plan in plans)
        {
            if (_runners.TryGetValue(plan.RecordingToken, out var running))
            {
                if (running.Plan == plan)
                {
                    continue;
                }

                if (EngineTargetMapper.CanUpdate(running.Plan, plan))
                {
                    var next = running with { Plan = plan, RunnerPlan = EngineTargetMapper.ToRunnerPlan(plan, _settings) };
                    _runners[plan.RecordingToken] = next;
                    next.Actor.Tell(new UpdateRunner(next.RunnerPlan));
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
        var wanted = new Dictionary<string, ReceiverEndpoint>(StringComparer.Ordinal);
        foreach (var receiver in receivers)
        {
            if (EngineTargetMapper.EndpointOf(receiver.Configuration) is { } endpoint)
            {
                wanted[receiver.Token] = endpoint;
            }
        }

        foreach (var (token, (id, standby)) in _standby.ToList())
        {
            if (!wanted.TryGetValue(token, out var endpoint) || endpoint != standby.Endpoint)
            {
                _standby.Remove(token);
                _current.Remove(id);
                var log = _log;
                standby.DisposeAsync().AsTask().ContinueWith(
                    t => log.Warning("receiver {0}: stopping failed: {1}", token, t.Exception?.GetBaseException().Message),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                _control.Tell(new ReceiverConnectionChanged(token, ReceiverStates.NotConnected));
            }
        }

        foreach (var (token, endpoint) in wanted.Where(w => !_standby.ContainsKey(w.Key)))
        {
            var id = ++_nextRunner;
            var events = new RunnerEventsToActor(Self, id);
            _current.Add(id);
            _standby[token] = (id, new StandbyReceiver(token, endpoint, _settings, change =>
            {
                events.ReceiverState(token, change.Current);
                if (change.Reason is { } reason)
                {
                    events.ReceiverFailed(token, ReceiverFailure.Of(reason));
                }
            }, events.CameraEvent));
        }
    }

    private void Start(RecordingPlan plan)
    {
        var id = ++_nextRunner;
        try
        {
            var storage = EngineTargetMapper.StorageOf(plan, _settings);
            var sink = _sinks.Routed(storage);
            var runnerPlan = EngineTargetMapper.ToRunnerPlan(plan, _settings);
            var actor = Context.ActorOf(RecordingRunnerActor.Props(runnerPlan, _settings, sink, Self, id), $"recording-{plan.RecordingToken}-{id}");
            _runners[plan.RecordingToken] = new RunnerEntry(id, actor, plan, runnerPlan);
            _storageOfRunner[id] = storage;
            _current.Add(id);
            if (_notStarted.Remove(plan.RecordingToken, out var failed))
            {
                _log.Info("recording {0}: started after {1} failed attempts ({2} sources)", plan.RecordingToken, failed.Attempts, plan.Sources.Count);
            }
            else
            {
                _log.Info("recording {0}: started ({1} sources)", plan.RecordingToken, plan.Sources.Count);
            }

            IndexRecovered(plan.RecordingToken, storage, runnerPlan.Target.Prefix, runnerPlan.Target.Postfix, runnerPlan.Tracks);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            NotStarted(plan, e.Message);
        }
    }

    /// <summary>
    /// A plan that could not start is tried again (<see cref="StartRetry"/>, doubling to <see cref="StartRetryMax"/>)
    /// while it stays planned: what it lacked may come (in cluster mode a node's storage catalog can learn a storage
    /// configuration after the plan that uses it arrived). Logged as an error once per distinct reason.
    /// </summary>
    private void NotStarted(RecordingPlan plan, string reason)
    {
        var attempts = _notStarted.TryGetValue(plan.RecordingToken, out var before) ? before.Attempts + 1 : 1;
        if (before.Reason != reason)
        {
            _log.Error("recording {0} cannot start: {1} (trying again while it is planned)", plan.RecordingToken, reason);
            ReportAll(plan, JobStates.Error, reason);
        }

        var delay = TimeSpan.FromTicks(Math.Min(StartRetryMax.Ticks, StartRetry.Ticks << Math.Min(attempts - 1, 10)));
        _notStarted[plan.RecordingToken] = (attempts, reason, _settings.Time.GetTimestamp() + (long)(delay.TotalSeconds * _settings.Time.TimestampFrequency));
        if (!Timers.IsTimerActive(RetryStarts.Instance))
        {
            Timers.StartPeriodicTimer(RetryStarts.Instance, RetryStarts.Instance, StartRetry);
        }
    }

    /// <summary>Starts again the planned recordings that could not start and whose retry is due.</summary>
    private void OnRetryStarts()
    {
        var now = _settings.Time.GetTimestamp();
        foreach (var (token, due) in _notStarted.Select(n => (n.Key, n.Value.Due)).ToList())
        {
            if (due <= now && !_runners.ContainsKey(token) && _planned.TryGetValue(token, out var plan))
            {
                Start(plan);
            }
        }

        if (_notStarted.Count == 0)
        {
            Timers.Cancel(RetryStarts.Instance);
        }
    }

    /// <summary>Tick of the retry of plans that could not start.</summary>
    private sealed class RetryStarts
    {
        public static readonly RetryStarts Instance = new();
    }

    private void Stop(string token)
    {
        var entry = _runners[token];
        _runners.Remove(token);
        _current.Remove(entry.Id);
        ReportAll(entry.Plan, JobStates.Idle, null);
        foreach (var source in entry.Plan.Sources)
        {
            _control.Tell(new ReceiverConnectionChanged(source.ReceiverToken, ReceiverStates.NotConnected));
        }

        entry.Actor.Tell(StopRunner.Instance); // closes the spans in the background, then stops itself
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
