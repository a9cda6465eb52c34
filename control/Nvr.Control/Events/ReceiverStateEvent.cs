namespace Nvr.Control.Events;

/// <summary>A receiver's connection state changed (NotConnected, Connecting, Connected); internal notification.</summary>
public sealed record ReceiverStateEvent(DateTimeOffset UtcTime, string ReceiverToken, string State);
