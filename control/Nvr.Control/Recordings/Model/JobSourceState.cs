namespace Nvr.Control.Recordings.Model;

/// <summary>The state of one source of a job: aggregate over its tracks (Table 3).</summary>
public sealed record JobSourceState(SourceReference SourceToken, string State, IReadOnlyList<JobTrackState> Tracks);
