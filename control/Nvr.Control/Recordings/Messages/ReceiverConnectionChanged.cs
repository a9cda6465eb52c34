namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Told by the receiver runtime: NotConnected, Connecting or Connected.</summary>
public sealed record ReceiverConnectionChanged(string ReceiverToken, string State);
