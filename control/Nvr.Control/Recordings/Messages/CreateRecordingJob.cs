using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies JobCreatedReply or CommandRejected.</summary>
public sealed record CreateRecordingJob(RecordingJobConfiguration Configuration);
