using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies RecordingCreatedReply or CommandRejected.</summary>
public sealed record CreateRecording(RecordingConfiguration Configuration);
