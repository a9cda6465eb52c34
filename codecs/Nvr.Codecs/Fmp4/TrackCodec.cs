namespace Nvr.Codecs.Fmp4;

/// <summary>Codec of a track, which selects its sample entry.</summary>
public enum TrackCodec
{
    /// <summary>H.264 as <c>avc1</c> + <c>avcC</c> (parameter sets in the sample entry).</summary>
    H264,

    /// <summary>H.265 as <c>hvc1</c> + <c>hvcC</c> (parameter sets in the sample entry).</summary>
    H265,

    /// <summary>AAC as <c>mp4a</c> + <c>esds</c>; samples are raw access units (no ADTS).</summary>
    Aac,

    /// <summary>G.711 µ-law as the <c>ulaw</c> sound sample entry; a sample is one packet of companded bytes.</summary>
    G711MuLaw,

    /// <summary>G.711 A-law as the <c>alaw</c> sound sample entry; a sample is one packet of companded bytes.</summary>
    G711ALaw,

    /// <summary>ONVIF metadata XML as the <c>metx</c> XML metadata sample entry; a sample is one XML document.</summary>
    OnvifMetadata,
}
