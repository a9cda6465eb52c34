using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/DeleteTrackData. Recorded data of a track was deleted (5.26.3).</summary>
public sealed record DeleteTrackDataEvent(DateTimeOffset UtcTime, string RecordingToken, string TrackToken, DateTimeOffset StartTime, DateTimeOffset EndTime)
    : OnvifEvent("RecordingConfig/DeleteTrackData", false, UtcTime);
