using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies ReceiverCreatedReply or CommandRejected.</summary>
public sealed record CreateReceiver(ReceiverConfiguration Configuration);
