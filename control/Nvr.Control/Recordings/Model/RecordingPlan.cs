namespace Nvr.Control.Recordings.Model;

/// <summary>
/// What the recording engine must do for one recording: its configuration (with encryption keys and the active
/// override), its tracks and the elected sources. Recordings with no elected track have no plan.
/// </summary>
public sealed record RecordingPlan(string RecordingToken, RecordingConfiguration Configuration, IReadOnlyList<Track> Tracks, IReadOnlyList<SourcePlan> Sources)
{
    /// <summary>True when every job feeding the recording has an EventFilter (seed 5.3.4): it records on events only.</summary>
    public bool RecordsOnEventsOnly => Sources.Count > 0 && Sources.All(s => s.EventFilter is not null);

    public bool Equals(RecordingPlan? other) =>
        other is not null && RecordingToken == other.RecordingToken && Configuration == other.Configuration &&
        Configuration.Target?.Override == other.Configuration.Target?.Override &&
        Tracks.SequenceEqual(other.Tracks) && Sources.SequenceEqual(other.Sources);

    public override int GetHashCode() => HashCode.Combine(RecordingToken, Tracks.Count, Sources.Count);
}
