namespace Nvr.Pipeline.Ingest;

/// <summary>Connection state of a source (the ONVIF receiver states).</summary>
public enum ConnectionState
{
    NotConnected,
    Connecting,
    Connected,
}
