namespace Nvr.Control.Recordings.Model;

/// <summary>Maps one track of a source (<see cref="SourceTag"/>) to a destination track of the recording.</summary>
public sealed record RecordingJobTrack(string SourceTag, string Destination);
