using Nvr.Recording;

namespace Nvr.Control.Engine;

/// <summary>What a <see cref="RecordingRunner"/> reports; called from ingest and session threads.</summary>
public interface IRunnerEvents
{
    void TrackState(string jobToken, string destination, string state, string? error);

    void ReceiverState(string receiverToken, string state);

    void SegmentCompleted(string recordingToken, SegmentCompleted segment);

    void SpanClosed(string recordingToken, SpanClosed span);

    void Log(string message);

    /// <summary>A notification the camera sent in its metadata stream (read on the ingest thread).</summary>
    void CameraEvent(Events.DeviceEvent notification);
}
