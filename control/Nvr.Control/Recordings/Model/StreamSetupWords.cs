namespace Nvr.Control.Recordings.Model;

/// <summary>tt:StreamType and tt:TransportProtocol words of a receiver's StreamSetup.</summary>
public static class StreamSetupWords
{
    public const string RtpUnicast = "RTP-Unicast";
    public const string Rtsp = "RTSP";
    public const string Udp = "UDP";
}
