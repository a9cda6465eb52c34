namespace Nvr.Codecs.G711;

/// <summary>Framing facts of G.711 (ITU-T G.711; RFC 3551 4.5.14): one companded byte per sample and channel.</summary>
public static class G711Frame
{
    /// <summary>Sample entry type of a law in MP4 (<c>ulaw</c> / <c>alaw</c>, also its RFC 6381 codecs value).</summary>
    public static string SampleEntryType(G711Variant variant) => variant == G711Variant.MuLaw ? "ulaw" : "alaw";

    /// <summary>The codec of a law.</summary>
    public static MediaCodec Codec(G711Variant variant) => variant == G711Variant.MuLaw ? MediaCodec.Pcmu : MediaCodec.Pcma;

    /// <summary>Samples (per channel) in a packet of <paramref name="bytes"/> companded bytes; at least 1.</summary>
    public static int SamplesIn(int bytes, int channels) => Math.Max(1, bytes / Math.Max(1, channels));
}
