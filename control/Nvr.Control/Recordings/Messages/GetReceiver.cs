namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies ReceiverReply or CommandRejected.</summary>
public sealed record GetReceiver(string ReceiverToken);
