namespace Nvr.Control.Recordings.Messages;

/// <summary>Reply to a command that succeeded and has nothing to return.</summary>
public sealed record CommandDone
{
    public static CommandDone Instance { get; } = new();
}
