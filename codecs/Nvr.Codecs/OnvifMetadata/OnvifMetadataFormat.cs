namespace Nvr.Codecs.OnvifMetadata;

/// <summary>
/// Facts of the ONVIF metadata stream (ONVIF Streaming 5.1.2.1: RTP payload <c>vnd.onvif.metadata</c>, 90 kHz clock;
/// stored as an XML metadata sample entry <c>metx</c>, ISO/IEC 14496-12 12.3.3).
/// </summary>
public static class OnvifMetadataFormat
{
    /// <summary>The SDP encoding name.</summary>
    public const string EncodingName = "vnd.onvif.metadata";

    /// <summary>The MIME type of the stream.</summary>
    public const string MediaType = "application/vnd.onvif.metadata";

    /// <summary>The XML namespace of the documents, written into the <c>metx</c> sample entry.</summary>
    public const string XmlNamespace = "http://www.onvif.org/ver10/schema";

    /// <summary><see cref="XmlNamespace"/> in UTF-8, as the sample entry stores it.</summary>
    public static ReadOnlySpan<byte> XmlNamespaceUtf8 => "http://www.onvif.org/ver10/schema"u8;

    /// <summary>The sample entry type (also the codecs value written for the track).</summary>
    public const string SampleEntryType = "metx";

    /// <summary>The RTP clock rate and the track's timescale.</summary>
    public const int ClockRate = 90000;
}
