namespace Nvr.Pipeline.Rtsp;

/// <summary>How RTP reaches us.</summary>
public enum RtspTransport
{
    /// <summary>RTP/RTCP interleaved in the RTSP TCP connection (RFC 2326 §10.12).</summary>
    TcpInterleaved,

    /// <summary>RTP/RTCP over UDP unicast to a local even/odd port pair.</summary>
    Udp,
}
