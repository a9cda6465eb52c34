namespace Nvr.Control.Recordings.Model;

/// <summary>The state of a recording job (ONVIF tt:RecordingJobStateInformation).</summary>
public sealed record JobStateInformation(string RecordingToken, string State, IReadOnlyList<JobSourceState> Sources)
{
    public bool Equals(JobStateInformation? other) =>
        other is not null && RecordingToken == other.RecordingToken && State == other.State &&
        Sources.Count == other.Sources.Count &&
        Sources.Zip(other.Sources, (a, b) => a.SourceToken == b.SourceToken && a.State == b.State && a.Tracks.SequenceEqual(b.Tracks)).All(same => same);

    public override int GetHashCode() => HashCode.Combine(RecordingToken, State, Sources.Count);
}
