namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/CreateRecording. A recording was created (5.26.4).</summary>
public sealed record CreateRecordingEvent(DateTimeOffset UtcTime, string RecordingToken)
    : OnvifEvent("RecordingConfig/CreateRecording", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("RecordingToken", RecordingToken)];
}
