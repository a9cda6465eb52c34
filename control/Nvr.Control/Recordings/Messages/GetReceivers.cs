namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies ReceiversReply.</summary>
public sealed record GetReceivers
{
    public static GetReceivers Instance { get; } = new();
}
