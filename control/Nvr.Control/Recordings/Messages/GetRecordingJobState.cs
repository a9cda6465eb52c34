using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies JobStateReply or CommandRejected.</summary>
public sealed record GetRecordingJobState(string JobToken);
