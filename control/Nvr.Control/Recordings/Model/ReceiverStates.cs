namespace Nvr.Control.Recordings.Model;

/// <summary>tt:ReceiverState: the connection state of a receiver.</summary>
public static class ReceiverStates
{
    public const string NotConnected = "NotConnected";
    public const string Connecting = "Connecting";
    public const string Connected = "Connected";

    /// <summary>The word of a data-path connection state.</summary>
    public static string Of(Nvr.Pipeline.Ingest.ConnectionState state) => state switch
    {
        Nvr.Pipeline.Ingest.ConnectionState.Connected => Connected,
        Nvr.Pipeline.Ingest.ConnectionState.Connecting => Connecting,
        _ => NotConnected,
    };
}
