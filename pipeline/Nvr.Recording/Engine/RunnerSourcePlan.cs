namespace Nvr.Recording.Engine;

/// <summary>
/// One source a runner pulls: the job that won its tracks, the receiver, where it connects (or why it does not) and
/// which stream feeds which recording track.
/// </summary>
/// <param name="Endpoint">Null when the receiver is not to connect; <paramref name="NotConnecting"/> says why.</param>
public sealed record RunnerSourcePlan(
    string JobToken,
    string ReceiverToken,
    ReceiverEndpoint? Endpoint,
    IReadOnlyList<TrackRoute> Tracks,
    string? NotConnecting = null)
{
    public bool Equals(RunnerSourcePlan? other) =>
        other is not null && JobToken == other.JobToken && ReceiverToken == other.ReceiverToken && Endpoint == other.Endpoint &&
        NotConnecting == other.NotConnecting && Tracks.SequenceEqual(other.Tracks);

    public override int GetHashCode() => HashCode.Combine(JobToken, ReceiverToken, Tracks.Count);
}
