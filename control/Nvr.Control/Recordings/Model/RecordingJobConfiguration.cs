namespace Nvr.Control.Recordings.Model;

/// <summary>The configuration of a recording job (seed 5.3.3, ONVIF tt:RecordingJobConfiguration).</summary>
public sealed record RecordingJobConfiguration(
    string RecordingToken,
    string Mode,
    int Priority,
    IReadOnlyList<RecordingJobSource> Sources,
    RecordingEventFilter? EventFilter,
    string? ScheduleToken)
{
    public const string Idle = "Idle";
    public const string Active = "Active";

    public bool IsActiveMode => Mode == Active;

    public bool Equals(RecordingJobConfiguration? other) =>
        other is not null && RecordingToken == other.RecordingToken && Mode == other.Mode && Priority == other.Priority &&
        EventFilter == other.EventFilter && ScheduleToken == other.ScheduleToken && Sources.SequenceEqual(other.Sources);

    public override int GetHashCode() => HashCode.Combine(RecordingToken, Mode, Priority, ScheduleToken, Sources.Count);
}
