namespace Nvr.Pipeline.Media;

/// <summary>How an access unit's UTC time was obtained.</summary>
public enum TimeSource
{
    /// <summary>No RTCP sender report yet: anchored at the arrival time of the stream's first packet.</summary>
    Arrival,

    /// <summary>Mapped through the RTP/NTP pair of the latest RTCP sender report (slewed).</summary>
    SenderReport,
}
