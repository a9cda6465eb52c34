using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Nvr.Codecs;
using Nvr.Recording.Live;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Media;

/// <summary>
/// The fixed media profile of one receiver whose live stream is known: its tokens (derived from the receiver token)
/// and its tt: elements (video source, video source configuration, video encoder configuration from the SDP and SPS).
/// </summary>
public sealed record MediaProfile(string ReceiverToken, LiveVideoFacts Video)
{
    public const string ProfilePrefix = "LIVE_";
    public const string VideoSourcePrefix = "VS_";
    public const string SourceConfigurationPrefix = "VSC_";
    public const string EncoderConfigurationPrefix = "VEC_";

    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    public string Token => ProfilePrefix + ReceiverToken;

    public string VideoSourceToken => VideoSourcePrefix + ReceiverToken;

    public string SourceConfigurationToken => SourceConfigurationPrefix + ReceiverToken;

    public string EncoderConfigurationToken => EncoderConfigurationPrefix + ReceiverToken;

    /// <summary>Media ver10 encodes JPEG, MPEG4 and H264 only: an H.265 receiver's profile has no encoder configuration.</summary>
    public bool HasEncoderConfiguration => Video.Codec == MediaCodec.H264;

    /// <summary>tt:Profile content (the caller names the element: trt:Profiles or trt:Profile).</summary>
    public XElement Profile(XName name, TimeSpan sessionTimeout) => new(
        name,
        new XAttribute("token", Token),
        new XAttribute("fixed", true),
        new XElement(Tt + "Name", ReceiverToken),
        SourceConfiguration(Tt + "VideoSourceConfiguration"),
        HasEncoderConfiguration ? EncoderConfiguration(Tt + "VideoEncoderConfiguration", sessionTimeout) : null);

    /// <summary>tt:VideoSource.</summary>
    public XElement VideoSource(XName name) => new(
        name,
        new XAttribute("token", VideoSourceToken),
        new XElement(Tt + "Framerate", XmlConvert.ToString((float)(Video.FrameRate ?? 0))),
        Resolution(Tt + "Resolution"));

    /// <summary>tt:VideoSourceConfiguration: the whole picture of the receiver's source.</summary>
    public XElement SourceConfiguration(XName name) => new(
        name,
        new XAttribute("token", SourceConfigurationToken),
        new XElement(Tt + "Name", ReceiverToken),
        new XElement(Tt + "UseCount", 1),
        new XElement(Tt + "SourceToken", VideoSourceToken),
        new XElement(Tt + "Bounds", new XAttribute("x", 0), new XAttribute("y", 0), new XAttribute("width", Video.Width), new XAttribute("height", Video.Height)));

    /// <summary>tt:VideoEncoderConfiguration: what the camera sends (the relay does not re-encode); no multicast.</summary>
    public XElement EncoderConfiguration(XName name, TimeSpan sessionTimeout) => new(
        name,
        new XAttribute("token", EncoderConfigurationToken),
        new XElement(Tt + "Name", ReceiverToken),
        new XElement(Tt + "UseCount", 1),
        new XElement(Tt + "Encoding", "H264"),
        Resolution(Tt + "Resolution"),
        new XElement(Tt + "Quality", 0),
        Video.FrameRate is { } rate
            ? new XElement(
                Tt + "RateControl",
                new XElement(Tt + "FrameRateLimit", ((int)Math.Round(rate)).ToString(CultureInfo.InvariantCulture)),
                new XElement(Tt + "EncodingInterval", 1),
                new XElement(Tt + "BitrateLimit", 0))
            : null,
        new XElement(
            Tt + "Multicast",
            new XElement(Tt + "Address", new XElement(Tt + "Type", "IPv4"), new XElement(Tt + "IPv4Address", "0.0.0.0")),
            new XElement(Tt + "Port", 0),
            new XElement(Tt + "TTL", 0),
            new XElement(Tt + "AutoStart", false)),
        new XElement(Tt + "SessionTimeout", XmlConvert.ToString(sessionTimeout)));

    private XElement Resolution(XName name) => new(name, new XElement(Tt + "Width", Video.Width), new XElement(Tt + "Height", Video.Height));
}
