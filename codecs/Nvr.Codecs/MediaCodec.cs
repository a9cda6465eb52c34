namespace Nvr.Codecs;

/// <summary>
/// The codecs the recorder understands, from RTP ingest through the sample entry to encryption: one enum for the
/// pipeline, the recording session, the segment writers and CENC. <see cref="Unknown"/> streams are described but not
/// set up. What each codec implies (NAL header size, kind, sample entry) is answered by <see cref="MediaCodecFacts"/>
/// and the codec's own folder (<c>H264/</c>, <c>H265/</c>, <c>Aac/</c>, <c>G711/</c>, <c>OnvifMetadata/</c>).
/// </summary>
public enum MediaCodec
{
    /// <summary>A stream whose encoding is not one of the others: described, never set up or recorded.</summary>
    Unknown,

    /// <summary>H.264 / AVC (RFC 6184 over RTP; <c>avc1</c> + <c>avcC</c> in MP4). Units are NAL unit lists without start codes.</summary>
    H264,

    /// <summary>H.265 / HEVC (RFC 7798 over RTP; <c>hvc1</c> + <c>hvcC</c> in MP4). Units are NAL unit lists without start codes.</summary>
    H265,

    /// <summary>MPEG-4 AAC (RFC 3640 mpeg4-generic; <c>mp4a</c> + <c>esds</c>). Units are raw access units (no ADTS).</summary>
    Aac,

    /// <summary>G.711 µ-law (RTP payload type 0; <c>ulaw</c> sample entry). Units are the packet's companded bytes.</summary>
    Pcmu,

    /// <summary>G.711 A-law (RTP payload type 8; <c>alaw</c> sample entry). Units are the packet's companded bytes.</summary>
    Pcma,

    /// <summary>ONVIF metadata XML (application/vnd.onvif.metadata; <c>metx</c> sample entry). Units are XML documents.</summary>
    OnvifMetadata,
}
