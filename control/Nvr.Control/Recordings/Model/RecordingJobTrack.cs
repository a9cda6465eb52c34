using System.Text.Json.Serialization;

namespace Nvr.Control.Recordings.Model;

/// <summary>Maps one track of a source (<see cref="SourceTag"/>) to a destination track of the recording.</summary>
public sealed record RecordingJobTrack(string SourceTag, string Destination)
{
    /// <summary>
    /// True when the device filled this track in because the client named none (seed 5.13 "assign all tracks"):
    /// a default that finds no stream in the source is nothing to record (Idle), not an error. Not on the wire;
    /// stored only when true, so explicit tracks keep their stored form.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Defaulted { get; init; }
}
