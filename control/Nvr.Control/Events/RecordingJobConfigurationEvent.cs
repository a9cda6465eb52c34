using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/RecordingJobConfiguration. A recording job's configuration changed (5.26.2).</summary>
public sealed record RecordingJobConfigurationEvent(DateTimeOffset UtcTime, string RecordingJobToken, RecordingJobConfiguration Configuration)
    : OnvifEvent("RecordingConfig/RecordingJobConfiguration", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("RecordingJobToken", RecordingJobToken)];

    public override IReadOnlyList<EventElementItem> ElementItems => [new EventElementItem("Configuration", Configuration)];
}
