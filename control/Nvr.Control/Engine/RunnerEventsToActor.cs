using Akka.Actor;
using Nvr.Control.Engine.Messages;
using Nvr.Recording;

namespace Nvr.Control.Engine;

/// <summary>Turns a runner's callbacks (any thread) into messages to the engine actor, tagged with the runner id.</summary>
public sealed class RunnerEventsToActor : IRunnerEvents
{
    private readonly IActorRef _engine;
    private readonly long _runner;

    public RunnerEventsToActor(IActorRef engine, long runner)
    {
        _engine = engine;
        _runner = runner;
    }

    public void TrackState(string jobToken, string destination, string state, string? error) =>
        _engine.Tell(new TrackStateReported(_runner, jobToken, destination, state, error));

    public void ReceiverState(string receiverToken, string state) => _engine.Tell(new ReceiverStateReported(_runner, receiverToken, state));

    public void SegmentCompleted(string recordingToken, SegmentCompleted segment) => _engine.Tell(new SegmentStored(_runner, recordingToken, segment));

    public void SpanClosed(string recordingToken, SpanClosed span) => _engine.Tell(new SpanEnded(_runner, recordingToken, span));

    public void Log(string message) => _engine.Tell(new RunnerLog(_runner, message));

    public void CameraEvent(Events.DeviceEvent notification) => _engine.Tell(new CameraEventReported(_runner, notification));
}
