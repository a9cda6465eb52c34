namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies RecordingJobsReply.</summary>
public sealed record GetRecordingJobs
{
    public static GetRecordingJobs Instance { get; } = new();
}
