using Akka.Actor;
using Akka.Event;
using Nvr.Control.Engine.Messages;
using Nvr.Recording.Engine;
using Nvr.Storage.Sinks;

namespace Nvr.Control.Engine;

/// <summary>
/// Owns the <see cref="RecordingRunner"/> of one recording, as a child of the engine so that the engine's supervisor
/// restarts a recording whose data path failed: the failed runner is muted and closed in the background, and the
/// new incarnation starts a fresh runner (the engine replays the event conditions that hold). Nothing here blocks.
/// </summary>
public sealed class RecordingRunnerActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly EngineSettings _settings;
    private readonly ISegmentSink _sink;
    private readonly IActorRef _engine;
    private readonly long _id;
    private RunnerPlan _plan;
    private RecordingRunner? _runner;
    private RunnerEventsToActor? _events;

    public RecordingRunnerActor(RunnerPlan plan, EngineSettings settings, ISegmentSink sink, IActorRef engine, long id)
    {
        _plan = plan;
        _settings = settings;
        _sink = sink;
        _engine = engine;
        _id = id;

        Receive<UpdateRunner>(m =>
        {
            _plan = m.Plan;
            _runner?.Update(m.Plan);
        });
        Receive<RunnerEvent>(m =>
        {
            if (_runner?.OnEvent(m.Event) == true)
            {
                _log.Info("recording {0}: event {1} at {2:O} moved its event window", _plan.RecordingToken, m.Event.Topic, m.Event.UtcTime);
            }
        });
        Receive<RunnerFailed>(m => throw new RecordingRunnerFailedException(_plan.RecordingToken, m.Error));
        Receive<StopRunner>(_ =>
        {
            var runner = _runner;
            _runner = null;
            var token = _plan.RecordingToken;
            if (runner is null)
            {
                Sender.Tell(new RunnerStopped(token));
                Context.Stop(Self);
                return;
            }

            runner.DisposeAsync().AsTask().PipeTo(Sender, Self, () => new RunnerStopped(token), e => new RunnerStopped(token));
            Context.Stop(Self);
        });
    }

    public static Props Props(RunnerPlan plan, EngineSettings settings, ISegmentSink sink, IActorRef engine, long id) =>
        Akka.Actor.Props.Create(() => new RecordingRunnerActor(plan, settings, sink, engine, id));

    protected override void PreStart()
    {
        _events = new RunnerEventsToActor(_engine, _id, Self);
        _runner = new RecordingRunner(_plan, _settings, _sink, _events);
        _runner.Start();
        _engine.Tell(new RunnerStarted(_plan.RecordingToken));
    }

    /// <summary>A runner still here was not stopped by <see cref="StopRunner"/> (a restart, or the engine stopping): close it in the background.</summary>
    protected override void PostStop()
    {
        if (_runner is { } runner)
        {
            _runner = null;
            _events?.Mute();
            var log = _log;
            var token = _plan.RecordingToken;
            runner.DisposeAsync().AsTask().ContinueWith(
                t => log.Warning("recording {0}: stopping failed: {1}", token, t.Exception?.GetBaseException().Message),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }
}
