namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/DeleteRecording. A recording was deleted (5.26.4).</summary>
public sealed record DeleteRecordingEvent(DateTimeOffset UtcTime, string RecordingToken)
    : OnvifEvent("RecordingConfig/DeleteRecording", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("RecordingToken", RecordingToken)];
}
