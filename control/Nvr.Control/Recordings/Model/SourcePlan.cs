namespace Nvr.Control.Recordings.Model;

/// <summary>
/// One source the engine must pull for a recording: the job, its receiver and the tracks it won, and the job's
/// EventFilter when it records on events only (seed 5.3.4).
/// </summary>
public sealed record SourcePlan(string JobToken, string ReceiverToken, ReceiverConfiguration Receiver, IReadOnlyList<RecordingJobTrack> Tracks)
{
    public RecordingEventFilter? EventFilter { get; init; }

    public bool Equals(SourcePlan? other) =>
        other is not null && JobToken == other.JobToken && ReceiverToken == other.ReceiverToken && Receiver == other.Receiver &&
        Tracks.SequenceEqual(other.Tracks) && EventFilter == other.EventFilter;

    public override int GetHashCode() => HashCode.Combine(JobToken, ReceiverToken, Tracks.Count);
}
