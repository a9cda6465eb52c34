using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/JobState. The aggregate state of a recording job changed (5.26.1).</summary>
public sealed record RecordingJobStateEvent(DateTimeOffset UtcTime, string RecordingJobToken, string State, JobStateInformation Information)
    : OnvifEvent("RecordingConfig/JobState", true, UtcTime);
