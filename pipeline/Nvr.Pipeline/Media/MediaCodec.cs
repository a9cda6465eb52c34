namespace Nvr.Pipeline.Media;

/// <summary>Codecs the depacketizers understand; <see cref="Unknown"/> streams are described but not set up.</summary>
public enum MediaCodec
{
    Unknown,

    /// <summary>H.264 / AVC, RFC 6184. Access units are NAL unit lists without start codes.</summary>
    H264,

    /// <summary>H.265 / HEVC, RFC 7798. Access units are NAL unit lists without start codes.</summary>
    H265,

    /// <summary>MPEG-4 AAC, RFC 3640 mpeg4-generic AAC-hbr. Access units are raw frames (no ADTS).</summary>
    Aac,

    /// <summary>G.711 µ-law (payload type 0). Access units are the packet's samples.</summary>
    Pcmu,

    /// <summary>G.711 A-law (payload type 8). Access units are the packet's samples.</summary>
    Pcma,

    /// <summary>ONVIF metadata stream (application/vnd.onvif.metadata). Access units are XML documents.</summary>
    OnvifMetadata,
}
