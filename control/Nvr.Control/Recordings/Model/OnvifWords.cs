namespace Nvr.Control.Recordings.Model;

/// <summary>tt:ReceiverMode (seed 5.1): when a receiver connects.</summary>
public static class ReceiverModes
{
    public const string AutoConnect = "AutoConnect";
    public const string AlwaysConnect = "AlwaysConnect";
    public const string NeverConnect = "NeverConnect";
}

/// <summary>tt:ReceiverState: the connection state of a receiver.</summary>
public static class ReceiverStates
{
    public const string NotConnected = "NotConnected";
    public const string Connecting = "Connecting";
    public const string Connected = "Connected";
}

/// <summary>The Target formats of seed 5.3.1 / Annex B.</summary>
public static class TargetFormats
{
    public const string Mp4 = "MP4";
    public const string Cmaf = "CMAF";
}

/// <summary>tt:StreamType and tt:TransportProtocol words of a receiver's StreamSetup.</summary>
public static class StreamSetupWords
{
    public const string RtpUnicast = "RTP-Unicast";
    public const string Rtsp = "RTSP";
    public const string Udp = "UDP";
}
