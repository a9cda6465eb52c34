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
            _log.Info("recording {0}: started ({1} sources)", plan.RecordingToken, plan.Sources.Count);
            IndexRecovered(plan.RecordingToken, storage, runnerPlan.Target.Prefix, runnerPlan.Target.Postfix, runnerPlan.Tracks);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _log.Error("recording {0} cannot start: {1}", plan.RecordingToken, e.Message);
            ReportAll(plan, JobStates.Error, e.Message);
        }
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
