using Akka.Actor;
using Nvr.Control.Engine.Messages;
using Nvr.Pipeline.Ingest;
using Nvr.Recording;
using Nvr.Recording.Engine;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Engine;

/// <summary>
/// Turns a runner's callbacks (any thread) into messages: reports to the engine actor tagged with the runner id, a
/// failure to the runner's own actor (<paramref name="owner"/>). <see cref="Mute"/> silences a runner being replaced.
/// </summary>
public sealed class RunnerEventsToActor : IRunnerEvents
{
    private readonly IActorRef _engine;
    private readonly IActorRef _owner;
    private readonly long _runner;
    private volatile bool _muted;

    public RunnerEventsToActor(IActorRef engine, long runner, IActorRef? owner = null)
    {
        _engine = engine;
        _runner = runner;
        _owner = owner ?? ActorRefs.Nobody;
    }

    /// <summary>From now on nothing is reported (a failed runner closing while its successor starts).</summary>
    public void Mute() => _muted = true;

    public void TrackState(string jobToken, string destination, TrackRecordingState state, string? reason) =>
        Tell(new TrackStateReported(_runner, jobToken, destination, state, reason));

    public void ReceiverState(string receiverToken, ConnectionState state) => Tell(new ReceiverStateReported(_runner, receiverToken, state));

    public void SegmentCompleted(string recordingToken, SegmentCompleted segment) => Tell(new SegmentStored(_runner, recordingToken, segment));

    public void SpanClosed(string recordingToken, SpanClosed span) => Tell(new SpanEnded(_runner, recordingToken, span));

    public void Log(string message) => Tell(new RunnerLog(_runner, message));

    public void ReceiverFailed(string receiverToken, ReceiverFailure failure) => Tell(new ReceiverFailureReported(_runner, receiverToken, failure));

    public void CameraEvent(CameraNotification notification) => Tell(new CameraEventReported(_runner, notification));

    public void CameraEvent(CameraNotification notification, string recordingToken, IReadOnlyList<string> metadataTracks) =>
        Tell(new CameraEventReported(_runner, notification, recordingToken, metadataTracks));

    public void Failed(Exception error)
    {
        if (!_muted)
        {
            _owner.Tell(new RunnerFailed(error));
        }
    }

    private void Tell(object message)
    {
        if (!_muted)
        {
            _engine.Tell(message);
        }
    }
}
