using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies JobConfigurationReply or CommandRejected.</summary>
public sealed record SetRecordingJobConfiguration(string JobToken, RecordingJobConfiguration Configuration);
