namespace Nvr.Control.Recordings.Messages;

/// <summary>Why the control plane refused a command; the protocol layer maps each to its exact ONVIF fault.</summary>
public enum ControlFault
{
    NoRecording,
    NoTrack,
    NoRecordingJob,
    NoReceiver,
    BadConfiguration,
    BadMode,
    BadDuration,
    MaxRecordings,
    MaxTracks,
    MaxRecordingJobs,
    MaxReceivers,
    CannotDelete,
}
