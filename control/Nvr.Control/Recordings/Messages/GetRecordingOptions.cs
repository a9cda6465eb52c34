using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies RecordingOptionsReply or CommandRejected.</summary>
public sealed record GetRecordingOptions(string RecordingToken);
