namespace Nvr.Control.Recordings.Messages;

/// <summary>Reply of the recording control actor: connection state and whether the receiver was auto-created.</summary>
public sealed record ReceiverStateReply(string State, bool AutoCreated);
