using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/TrackConfiguration. A track's configuration changed (5.26.2).</summary>
public sealed record TrackConfigurationEvent(DateTimeOffset UtcTime, string RecordingToken, string TrackToken, TrackConfiguration Configuration)
    : OnvifEvent("RecordingConfig/TrackConfiguration", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems =>
        [new EventItem("RecordingToken", RecordingToken), new EventItem("TrackToken", TrackToken)];

    public override IReadOnlyList<EventElementItem> ElementItems => [new EventElementItem("Configuration", Configuration)];
}
