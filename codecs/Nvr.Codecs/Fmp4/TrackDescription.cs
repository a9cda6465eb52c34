using Nvr.Codecs.Aac;
using Nvr.Codecs.G711;
using Nvr.Codecs.H264;
using Nvr.Codecs.H265;
using Nvr.Codecs.Mp4;
using Nvr.Codecs.OnvifMetadata;
using Nvr.Codecs.Rfc6381;

namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Everything a segment writer needs to describe one track in <c>moov</c>. Create with the factory methods
/// (<see cref="ForH264"/>, <see cref="ForH265"/>, <see cref="ForAac"/>, <see cref="ForG711"/>,
/// <see cref="ForOnvifMetadata"/>); add encryption with <see cref="WithProtector"/>.
/// </summary>
public sealed record TrackDescription
{
    /// <summary>The ONVIF metadata XML namespace written into the <c>metx</c> sample entry.</summary>
    public const string OnvifMetadataNamespace = OnvifMetadataFormat.XmlNamespace;

    private TrackDescription(TrackKind kind, MediaCodec codec, uint timescale, string codecsParameter, ReadOnlyMemory<byte> configuration)
    {
        Kind = kind;
        Codec = codec;
        Timescale = timescale;
        CodecsParameter = codecsParameter;
        CodecConfiguration = configuration;
    }

    /// <summary>Video, audio or metadata.</summary>
    public TrackKind Kind { get; }

    /// <summary>The codec.</summary>
    public MediaCodec Codec { get; }

    /// <summary>Ticks per second of sample timestamps (90 000 for video and metadata, the sample rate for audio).</summary>
    public uint Timescale { get; }

    /// <summary>RFC 6381 codecs parameter value, e.g. <c>avc1.64001F</c>.</summary>
    public string CodecsParameter { get; }

    /// <summary>avcC / hvcC record body, or AudioSpecificConfig for AAC; empty otherwise.</summary>
    public ReadOnlyMemory<byte> CodecConfiguration { get; }

    /// <summary>Displayed width (video).</summary>
    public int Width { get; private init; }

    /// <summary>Displayed height (video).</summary>
    public int Height { get; private init; }

    /// <summary>Audio sample rate in Hz.</summary>
    public int SampleRate { get; private init; }

    /// <summary>Audio channel count.</summary>
    public int Channels { get; private init; }

    /// <summary>Frame rate from the SPS when signalled (informational).</summary>
    public double? FrameRate { get; private init; }

    /// <summary>Profile/level facts used to pick the CMAF media profile brand.</summary>
    internal int ProfileIdc { get; private init; }

    internal int LevelIdc { get; private init; }

    /// <summary>When set, the track is written encrypted through this protector.</summary>
    public ITrackProtector? Protector { get; private init; }

    /// <summary>Returns a copy of this description whose samples are encrypted by <paramref name="protector"/>.</summary>
    public TrackDescription WithProtector(ITrackProtector protector) => this with { Protector = protector };

    /// <summary>H.264 track from one SPS and its PPS list (NAL units without start codes); timescale 90 kHz.</summary>
    public static TrackDescription ForH264(ReadOnlyMemory<byte> sps, IReadOnlyList<ReadOnlyMemory<byte>> ppsList)
    {
        H264SpsInfo info = H264SpsParser.Parse(sps.Span);
        return new TrackDescription(TrackKind.Video, MediaCodec.H264, 90000, CodecString.ForH264(info), AvcDecoderConfigurationRecord.Build(sps.Span, ppsList))
        {
            Width = info.Width,
            Height = info.Height,
            FrameRate = info.FrameRate,
            ProfileIdc = info.ProfileIdc,
            LevelIdc = info.LevelIdc,
        };
    }

    /// <summary>H.265 track from VPS, SPS, PPS (NAL units without start codes); timescale 90 kHz.</summary>
    public static TrackDescription ForH265(ReadOnlyMemory<byte> vps, ReadOnlyMemory<byte> sps, ReadOnlyMemory<byte> pps)
    {
        H265SpsInfo info = H265SpsParser.Parse(sps.Span);
        return new TrackDescription(TrackKind.Video, MediaCodec.H265, 90000, CodecString.ForH265(info), HevcDecoderConfigurationRecord.Build(vps, sps, pps))
        {
            Width = info.Width,
            Height = info.Height,
            ProfileIdc = info.ProfileIdc,
            LevelIdc = info.LevelIdc,
        };
    }

    /// <summary>AAC track; timescale = sample rate; samples are raw access units.</summary>
    public static TrackDescription ForAac(AudioSpecificConfig config) =>
        new(TrackKind.Audio, MediaCodec.Aac, checked((uint)config.SampleRate), CodecString.ForAac(config.AudioObjectType), config.Bytes)
        {
            SampleRate = config.SampleRate,
            Channels = config.ChannelCount,
            ProfileIdc = config.AudioObjectType,
        };

    /// <summary>G.711 track; timescale = sample rate; a sample is one packet of companded bytes (1 byte per sample and channel).</summary>
    public static TrackDescription ForG711(G711Variant variant, int sampleRate = 8000, int channels = 1)
    {
        if (sampleRate is <= 0 or > 65535 || channels is <= 0 or > 8) throw new ArgumentOutOfRangeException(nameof(sampleRate), "G.711 sample rate 1..65535 Hz and 1..8 channels.");
        return new TrackDescription(TrackKind.Audio, G711Frame.Codec(variant), (uint)sampleRate, G711Frame.SampleEntryType(variant), ReadOnlyMemory<byte>.Empty)
        {
            SampleRate = sampleRate,
            Channels = channels,
        };
    }

    /// <summary>ONVIF metadata track (XML documents as samples, <c>metx</c>); timescale 90 kHz (the RTP clock).</summary>
    public static TrackDescription ForOnvifMetadata() =>
        new(TrackKind.Metadata, MediaCodec.OnvifMetadata, OnvifMetadataFormat.ClockRate, OnvifMetadataFormat.SampleEntryType, ReadOnlyMemory<byte>.Empty);
}
