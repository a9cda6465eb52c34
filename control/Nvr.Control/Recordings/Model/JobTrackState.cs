namespace Nvr.Control.Recordings.Model;

/// <summary>The state of one destination track of a job (seed 5.19): Idle, Active or Error with a reason.</summary>
public sealed record JobTrackState(string SourceTag, string Destination, string State, string? Error);
