using System.Xml;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/DeleteTrackData. Recorded data of a track was deleted (5.26.3).</summary>
public sealed record DeleteTrackDataEvent(DateTimeOffset UtcTime, string RecordingToken, string TrackToken, DateTimeOffset StartTime, DateTimeOffset EndTime)
    : OnvifEvent("RecordingConfig/DeleteTrackData", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems =>
        [new EventItem("RecordingToken", RecordingToken), new EventItem("TrackToken", TrackToken)];

    public override IReadOnlyList<EventItem> DataItems =>
    [
        new EventItem("StartTime", XmlConvert.ToString(StartTime.UtcDateTime, XmlDateTimeSerializationMode.Utc)),
        new EventItem("EndTime", XmlConvert.ToString(EndTime.UtcDateTime, XmlDateTimeSerializationMode.Utc)),
    ];
}
