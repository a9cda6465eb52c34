namespace Nvr.Control.Recordings.Model;

/// <summary>One source the engine must pull for a recording: the job, its receiver and the tracks it won.</summary>
public sealed record SourcePlan(string JobToken, string ReceiverToken, ReceiverConfiguration Receiver, IReadOnlyList<RecordingJobTrack> Tracks)
{
    public bool Equals(SourcePlan? other) =>
        other is not null && JobToken == other.JobToken && ReceiverToken == other.ReceiverToken && Receiver == other.Receiver &&
        Tracks.SequenceEqual(other.Tracks);

    public override int GetHashCode() => HashCode.Combine(JobToken, ReceiverToken, Tracks.Count);
}
