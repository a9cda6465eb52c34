using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/JobState (property). The aggregate state of a recording job (5.26.1).</summary>
public sealed record RecordingJobStateEvent(DateTimeOffset UtcTime, string RecordingJobToken, string State, JobStateInformation Information)
    : OnvifEvent("RecordingConfig/JobState", true, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("RecordingJobToken", RecordingJobToken)];

    public override IReadOnlyList<EventItem> DataItems => [new EventItem("State", State)];

    public override IReadOnlyList<EventElementItem> ElementItems => [new EventElementItem("Information", Information)];
}
