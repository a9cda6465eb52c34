namespace Nvr.Control.Recordings.Model;

/// <summary>
/// The configuration of a receiver (ONVIF tt:ReceiverConfiguration): connection mode, RTSP URI and transport.
/// An automatically created receiver has every field empty (seed 5.1) until a client configures it.
/// </summary>
public sealed record ReceiverConfiguration(string Mode, string MediaUri, string Stream, string Protocol)
{
    public static ReceiverConfiguration Empty { get; } = new(ReceiverModes.NeverConnect, string.Empty, StreamSetupWords.RtpUnicast, StreamSetupWords.Rtsp);
}
