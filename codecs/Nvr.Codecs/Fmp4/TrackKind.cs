namespace Nvr.Codecs.Fmp4;

/// <summary>Media type of a track (selects the handler, media header and CMAF span type).</summary>
public enum TrackKind
{
    /// <summary>Video (<c>vide</c> handler).</summary>
    Video,

    /// <summary>Audio (<c>soun</c> handler).</summary>
    Audio,

    /// <summary>Timed metadata (<c>meta</c> handler), e.g. ONVIF metadata XML.</summary>
    Metadata,
}
