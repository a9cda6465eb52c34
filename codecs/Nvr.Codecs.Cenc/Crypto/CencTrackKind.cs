namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>What a protected track carries; decides between NAL subsample and full-sample encryption.</summary>
public enum CencTrackKind
{
    /// <summary>H.264/AVC video, length-prefixed NAL units (subsample encryption, 1-byte NAL header).</summary>
    H264,

    /// <summary>H.265/HEVC video, length-prefixed NAL units (subsample encryption, 2-byte NAL header).</summary>
    H265,

    /// <summary>Audio: every sample encrypted whole.</summary>
    Audio,

    /// <summary>Timed metadata: every sample encrypted whole.</summary>
    Metadata,
}
