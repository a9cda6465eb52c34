namespace Nvr.Pipeline.Rtsp;

/// <summary>Receives the binary frames interleaved in an RTSP connection (RTP/RTCP over TCP).</summary>
public interface IInterleavedFrameHandler
{
    /// <summary>Called on the connection's read loop; <paramref name="data"/> is only valid during the call.</summary>
    void OnFrame(byte channel, ReadOnlySpan<byte> data);
}
