namespace Nvr.Control.Recordings.Model;

/// <summary>
/// A recording the engine runs nothing for (no job of it is active): where its segments are stored (its target, null
/// for the default storage and its token as prefix) and its tracks. The engine indexes what a crash left behind of it.
/// </summary>
public sealed record UnplannedRecording(string RecordingToken, RecordingTarget? Target, IReadOnlyList<Track> Tracks)
{
    public bool Equals(UnplannedRecording? other) =>
        other is not null && RecordingToken == other.RecordingToken && Target == other.Target && Tracks.SequenceEqual(other.Tracks);

    public override int GetHashCode() => HashCode.Combine(RecordingToken, Target, Tracks.Count);
}
