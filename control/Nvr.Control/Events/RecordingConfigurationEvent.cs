using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:RecordingConfig/RecordingConfiguration. A recording's configuration changed (5.26.2); keys are stripped.</summary>
public sealed record RecordingConfigurationEvent(DateTimeOffset UtcTime, string RecordingToken, RecordingConfiguration Configuration)
    : OnvifEvent("RecordingConfig/RecordingConfiguration", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("RecordingToken", RecordingToken)];

    public override IReadOnlyList<EventElementItem> ElementItems => [new EventElementItem("Configuration", Configuration.WithoutKeys())];
}
