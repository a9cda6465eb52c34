using Nvr.Control.Recordings;
using Wire = Nvr.Protocol.Recording.Schema;

namespace Nvr.Protocol.Recording;

/// <summary>
/// The recording service capabilities (seed 5.25), advertising only what works at this commit: dynamic recordings
/// and tracks, options, the enforced limits, scheduled recording (jobs gated by the Schedule service). Target formats, encryption, metadata, event recording, override and
/// export are not advertised until the recording engine writes them.
/// </summary>
public static class RecordingCapabilities
{
    public static Wire.RecordingServiceCapabilities From(ControlLimits limits) => new()
    {
        DynamicRecordings = true,
        DynamicTracks = true,
        MaxRecordings = limits.MaxRecordings,
        MaxRecordingsSpecified = true,
        MaxRecordingJobs = limits.MaxRecordingJobs,
        MaxRecordingJobsSpecified = true,
        Options = true,
        MetadataRecording = false,
        EventRecording = false,
        ScheduledRecording = true,
        OverrideSegmentDuration = false,
    };
}
