namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/CreateTrack. A track was created (5.26.4).</summary>
public sealed record CreateTrackEvent(DateTimeOffset UtcTime, string RecordingToken, string TrackToken)
    : OnvifEvent("RecordingConfig/CreateTrack", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems =>
        [new EventItem("RecordingToken", RecordingToken), new EventItem("TrackToken", TrackToken)];
}
