namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies RecordingsReply.</summary>
public sealed record GetRecordings
{
    public static GetRecordings Instance { get; } = new();
}
