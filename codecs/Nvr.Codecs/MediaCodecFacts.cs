using Nvr.Codecs.Fmp4;
using Nvr.Codecs.H264;
using Nvr.Codecs.H265;

namespace Nvr.Codecs;

/// <summary>What a <see cref="MediaCodec"/> implies, answered once for every layer that used to switch on it.</summary>
public static class MediaCodecFacts
{
    /// <summary>True for the NAL-structured video codecs (H.264, H.265).</summary>
    public static bool IsNalVideo(this MediaCodec codec) => codec is MediaCodec.H264 or MediaCodec.H265;

    /// <summary>True for the G.711 laws.</summary>
    public static bool IsG711(this MediaCodec codec) => codec is MediaCodec.Pcmu or MediaCodec.Pcma;

    /// <summary>The kind of track the codec makes; null for <see cref="MediaCodec.Unknown"/>.</summary>
    public static TrackKind? Kind(this MediaCodec codec) => codec switch
    {
        MediaCodec.H264 or MediaCodec.H265 => TrackKind.Video,
        MediaCodec.Aac or MediaCodec.Pcmu or MediaCodec.Pcma => TrackKind.Audio,
        MediaCodec.OnvifMetadata => TrackKind.Metadata,
        _ => null,
    };

    /// <summary>Bytes of the NAL unit header: 1 for H.264, 2 for H.265 (throws for other codecs).</summary>
    public static int NalHeaderSize(this MediaCodec codec) => codec switch
    {
        MediaCodec.H264 => H264Nal.HeaderSize,
        MediaCodec.H265 => H265Nal.HeaderSize,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Only H.264/H.265 have NAL unit headers."),
    };

    /// <summary>True when the NAL unit whose first header byte is <paramref name="firstHeaderByte"/> carries slice data (a VCL NAL unit).</summary>
    public static bool IsSliceNal(this MediaCodec codec, byte firstHeaderByte) => codec switch
    {
        MediaCodec.H264 => H264Nal.IsSlice(H264Nal.Type(firstHeaderByte)),
        MediaCodec.H265 => H265Nal.IsVcl(H265Nal.Type(firstHeaderByte)),
        _ => false,
    };

    /// <summary>True when the NAL unit starts a picture a decoder can begin with (H.264 IDR, H.265 IRAP).</summary>
    public static bool IsRandomAccessNal(this MediaCodec codec, byte firstHeaderByte) => codec switch
    {
        MediaCodec.H264 => H264Nal.Type(firstHeaderByte) == H264Nal.Idr,
        MediaCodec.H265 => H265Nal.IsRandomAccessPoint(H265Nal.Type(firstHeaderByte)),
        _ => false,
    };

    /// <summary>True when a decoder needs a video parameter set besides SPS and PPS (H.265).</summary>
    public static bool NeedsVideoParameterSet(this MediaCodec codec) => codec == MediaCodec.H265;
}
