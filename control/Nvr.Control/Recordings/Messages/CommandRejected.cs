namespace Nvr.Control.Recordings.Messages;

/// <summary>Reply to a command that was refused; nothing was changed.</summary>
public sealed record CommandRejected(ControlFault Fault, string Reason);
