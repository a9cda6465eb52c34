namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/DeleteTrack. A track was deleted (5.26.4).</summary>
public sealed record DeleteTrackEvent(DateTimeOffset UtcTime, string RecordingToken, string TrackToken)
    : OnvifEvent("RecordingConfig/DeleteTrack", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems =>
        [new EventItem("RecordingToken", RecordingToken), new EventItem("TrackToken", TrackToken)];
}
