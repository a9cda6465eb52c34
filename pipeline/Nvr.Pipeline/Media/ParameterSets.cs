namespace Nvr.Pipeline.Media;

/// <summary>
/// Immutable snapshot of a video stream's parameter sets (NAL units without start codes). Replaced as a whole
/// when the SDP or an in-band NAL unit brings a different one.
/// </summary>
public sealed record ParameterSets(byte[]? Vps, byte[]? Sps, byte[]? Pps)
{
    public static ParameterSets None { get; } = new(null, null, null);

    /// <summary>True when the codec's mandatory sets are known (SPS+PPS; HEVC also VPS).</summary>
    public bool IsCompleteFor(MediaCodec codec) =>
        Sps is not null && Pps is not null && (!codec.NeedsVideoParameterSet() || Vps is not null);
}
