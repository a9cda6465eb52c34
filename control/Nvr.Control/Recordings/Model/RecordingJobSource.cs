namespace Nvr.Control.Recordings.Model;

/// <summary>One source of a recording job with the tracks it feeds (ONVIF tt:RecordingJobSource).</summary>
public sealed record RecordingJobSource(SourceReference? SourceToken, bool? AutoCreateReceiver, IReadOnlyList<RecordingJobTrack> Tracks)
{
    public bool Equals(RecordingJobSource? other) =>
        other is not null && SourceToken == other.SourceToken && AutoCreateReceiver == other.AutoCreateReceiver &&
        Tracks.SequenceEqual(other.Tracks);

    public override int GetHashCode() => HashCode.Combine(SourceToken, AutoCreateReceiver, Tracks.Count);
}
