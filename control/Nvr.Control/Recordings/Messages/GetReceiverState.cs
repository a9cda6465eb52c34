namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies ReceiverStateReply or CommandRejected.</summary>
public sealed record GetReceiverState(string ReceiverToken);
