using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>
/// The result of one per-track election: the elected job of every (recording, destination track) and every job's
/// configuration with its default tracks resolved. Job states and engine plans are both derived from it.
/// </summary>
public sealed record Election(
    IReadOnlyDictionary<(string Recording, string Track), RecordingJob> Winners,
    IReadOnlyDictionary<string, RecordingJobConfiguration> Resolved);
