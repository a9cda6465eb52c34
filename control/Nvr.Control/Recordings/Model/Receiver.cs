namespace Nvr.Control.Recordings.Model;

/// <summary>A receiver object; <see cref="AutoCreated"/> ones are deleted when no recording job uses them any more.</summary>
public sealed record Receiver(string Token, bool AutoCreated, ReceiverConfiguration Configuration);
