namespace Nvr.Control.Recordings.Model;

/// <summary>A recording job: its token, configuration and creation order (used to break priority ties).</summary>
public sealed record RecordingJob(string Token, long Sequence, RecordingJobConfiguration Configuration);
