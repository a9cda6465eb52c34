using Nvr.Pipeline.Ingest;
using Nvr.Recording.Triggers;

namespace Nvr.Recording.Engine;

/// <summary>What a <see cref="RecordingRunner"/> or <see cref="StandbyReceiver"/> reports; called from ingest and session threads.</summary>
public interface IRunnerEvents
{
    void TrackState(string jobToken, string destination, TrackRecordingState state, string? reason);

    void ReceiverState(string receiverToken, ConnectionState state);

    /// <summary>A receiver's connection attempt failed or its connection dropped (reported with every failed attempt).</summary>
    void ReceiverFailed(string receiverToken, ReceiverFailure failure)
    {
    }

    void SegmentCompleted(string recordingToken, SegmentCompleted segment);

    void SpanClosed(string recordingToken, SpanClosed span);

    void Log(string message);

    /// <summary>A notification the camera sent in its metadata stream (read on the ingest thread).</summary>
    void CameraEvent(CameraNotification notification);

    /// <summary>
    /// A notification the camera sent in the metadata stream of a recording's source; <paramref name="metadataTracks"/>
    /// are the recording's metadata tracks recording that source's metadata (empty: the event is not recorded).
    /// </summary>
    void CameraEvent(CameraNotification notification, string recordingToken, IReadOnlyList<string> metadataTracks) => CameraEvent(notification);

    /// <summary>The recording's data path failed in a way it cannot recover from by itself (a bug, not a camera outage).</summary>
    void Failed(Exception error);
}
