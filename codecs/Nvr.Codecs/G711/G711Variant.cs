namespace Nvr.Codecs.G711;

/// <summary>The two G.711 companding laws (RTP payload types 0 = PCMU and 8 = PCMA).</summary>
public enum G711Variant
{
    /// <summary>µ-law (PCMU), stored as the <c>ulaw</c> sample entry.</summary>
    MuLaw,

    /// <summary>A-law (PCMA), stored as the <c>alaw</c> sample entry.</summary>
    ALaw,
}
