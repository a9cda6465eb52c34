using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Nvr.Codecs;
using Nvr.Recording.Live;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Media;

/// <summary>
/// The fixed media profile of one receiver whose live stream is known: its tokens (derived from the receiver token)
/// and its tt: elements (video source, video source configuration, video encoder configuration from the SDP and SPS;
/// audio source, audio source configuration and audio encoder configuration when the camera sends audio).
/// </summary>
public sealed record MediaProfile(string ReceiverToken, LiveVideoFacts Video, LiveAudioFacts? Audio = null)
{
    public const string ProfilePrefix = "LIVE_";
    public const string VideoSourcePrefix = "VS_";
    public const string SourceConfigurationPrefix = "VSC_";
    public const string EncoderConfigurationPrefix = "VEC_";
    public const string AudioSourcePrefix = "AS_";
    public const string AudioSourceConfigurationPrefix = "ASC_";
    public const string AudioEncoderConfigurationPrefix = "AEC_";

    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    public string Token => ProfilePrefix + ReceiverToken;

    public string VideoSourceToken => VideoSourcePrefix + ReceiverToken;

    public string SourceConfigurationToken => SourceConfigurationPrefix + ReceiverToken;

    public string EncoderConfigurationToken => EncoderConfigurationPrefix + ReceiverToken;

    public string AudioSourceToken => AudioSourcePrefix + ReceiverToken;

    public string AudioSourceConfigurationToken => AudioSourceConfigurationPrefix + ReceiverToken;

    public string AudioEncoderConfigurationToken => AudioEncoderConfigurationPrefix + ReceiverToken;

    /// <summary>The camera sends audio the relay serves (AAC or G.711: the encodings of tt:AudioEncoding it relays).</summary>
    public bool HasAudio => Audio is not null;

    /// <summary>Media ver10 encodes JPEG, MPEG4 and H264 only: an H.265 receiver's profile has no encoder configuration.</summary>
    public bool HasEncoderConfiguration => Video.Codec == MediaCodec.H264;

    /// <summary>tt:Profile content (the caller names the element: trt:Profiles or trt:Profile).</summary>
    public XElement Profile(XName name, TimeSpan sessionTimeout) => new(
        name,
        new XAttribute("token", Token),
        new XAttribute("fixed", true),
        new XElement(Tt + "Name", ReceiverToken),
        SourceConfiguration(Tt + "VideoSourceConfiguration"),
        HasAudio ? AudioSourceConfiguration(Tt + "AudioSourceConfiguration") : null,
        HasEncoderConfiguration ? EncoderConfiguration(Tt + "VideoEncoderConfiguration", sessionTimeout) : null,
        HasAudio ? AudioEncoderConfiguration(Tt + "AudioEncoderConfiguration", sessionTimeout) : null);

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
        Multicast(),
        new XElement(Tt + "SessionTimeout", XmlConvert.ToString(sessionTimeout)));

    /// <summary>tt:AudioSource: the camera's audio input as its stream tells (channels from the SDP).</summary>
    public XElement AudioSource(XName name) => new(
        name,
        new XAttribute("token", AudioSourceToken),
        new XElement(Tt + "Channels", Audio!.Channels));

    /// <summary>tt:AudioSourceConfiguration.</summary>
    public XElement AudioSourceConfiguration(XName name) => new(
        name,
        new XAttribute("token", AudioSourceConfigurationToken),
        new XElement(Tt + "Name", ReceiverToken),
        new XElement(Tt + "UseCount", 1),
        new XElement(Tt + "SourceToken", AudioSourceToken));

    /// <summary>
    /// tt:AudioEncoderConfiguration: what the camera sends. Encoding AAC or G711 (µ-law and A-law alike), SampleRate in
    /// kHz from the SDP clock rate, Bitrate in kbps: 64 per channel for G.711; AAC's is not fixed by its stream
    /// description, so 0 (as the video BitrateLimit). No multicast.
    /// </summary>
    public XElement AudioEncoderConfiguration(XName name, TimeSpan sessionTimeout) => new(
        name,
        new XAttribute("token", AudioEncoderConfigurationToken),
        new XElement(Tt + "Name", ReceiverToken),
        new XElement(Tt + "UseCount", 1),
        new XElement(Tt + "Encoding", AudioEncoding),
        new XElement(Tt + "Bitrate", AudioBitrateKbps),
        new XElement(Tt + "SampleRate", AudioSampleRateKhz),
        Multicast(),
        new XElement(Tt + "SessionTimeout", XmlConvert.ToString(sessionTimeout)));

    /// <summary>tt:AudioSourceConfigurationOptions: the one audio source.</summary>
    public XElement AudioSourceOptions(XName name) => new(name, new XElement(Tt + "InputTokensAvailable", AudioSourceToken));

    /// <summary>tt:AudioEncoderConfigurationOptions: the one encoding the camera sends, at its bitrate and sample rate.</summary>
    public XElement AudioEncoderOptions(XName name) => new(
        name,
        new XElement(
            Tt + "Options",
            new XElement(Tt + "Encoding", AudioEncoding),
            new XElement(Tt + "BitrateList", new XElement(Tt + "Items", AudioBitrateKbps)),
            new XElement(Tt + "SampleRateList", new XElement(Tt + "Items", AudioSampleRateKhz))));

    private string AudioEncoding => Audio!.Codec == MediaCodec.Aac ? "AAC" : "G711";

    private int AudioBitrateKbps => Audio!.Codec.IsG711() ? 64 * Math.Max(1, Audio.Channels) : 0;

    private int AudioSampleRateKhz => (int)Math.Round(Audio!.SampleRate / 1000.0);

    private static XElement Multicast() => new(
        Tt + "Multicast",
        new XElement(Tt + "Address", new XElement(Tt + "Type", "IPv4"), new XElement(Tt + "IPv4Address", "0.0.0.0")),
        new XElement(Tt + "Port", 0),
        new XElement(Tt + "TTL", 0),
        new XElement(Tt + "AutoStart", false));

    private XElement Resolution(XName name) => new(name, new XElement(Tt + "Width", Video.Width), new XElement(Tt + "Height", Video.Height));
}
