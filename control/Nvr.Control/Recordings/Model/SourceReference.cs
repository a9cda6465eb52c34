namespace Nvr.Control.Recordings.Model;

/// <summary>A reference to a data source: a receiver (default) or a local media profile (ONVIF tt:SourceReference).</summary>
public sealed record SourceReference(string Token, string Type)
{
    public const string ReceiverType = "http://www.onvif.org/ver10/schema/Receiver";
    public const string ProfileType = "http://www.onvif.org/ver10/schema/Profile";

    public bool IsReceiver => Type == ReceiverType;
}
