namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingHistory/Recording/State (property, Profile G): whether a recording is recording now.</summary>
public sealed record RecordingHistoryStateEvent(DateTimeOffset UtcTime, string RecordingToken, bool IsRecording)
    : OnvifEvent("RecordingHistory/Recording/State", true, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("RecordingToken", RecordingToken)];

    public override IReadOnlyList<EventItem> DataItems => [new EventItem("IsRecording", IsRecording ? "true" : "false")];

    public override bool? Condition => IsRecording;
}

/// <summary>Topic tns1:RecordingHistory/Track/State (property, Profile G): whether recorded data of a track is present.</summary>
public sealed record TrackHistoryStateEvent(DateTimeOffset UtcTime, string RecordingToken, string TrackToken, bool IsDataPresent)
    : OnvifEvent("RecordingHistory/Track/State", true, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems =>
        [new EventItem("RecordingToken", RecordingToken), new EventItem("Track", TrackToken)];

    public override IReadOnlyList<EventItem> DataItems => [new EventItem("IsDataPresent", IsDataPresent ? "true" : "false")];

    public override bool? Condition => IsDataPresent;
}
