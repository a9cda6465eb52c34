namespace Nvr.Codecs.Cenc.Video;

/// <summary>
/// Measures slice headers of one codec's VCL NAL units so subsample encryption can keep them clear; learns the
/// parameter sets it needs from the NAL units it is shown. Implementations are allocation-free per NAL unit.
/// </summary>
public interface ISliceHeaderMeasurer
{
    /// <summary>The codec whose NAL units this measurer understands (<see cref="MediaCodec.H264"/> or <see cref="MediaCodec.H265"/>).</summary>
    MediaCodec Codec { get; }

    /// <summary>Learns parameter sets from a NAL unit (no start code or length field); other NAL types are ignored.</summary>
    void Learn(ReadOnlySpan<byte> nalUnit);

    /// <summary>
    /// Bytes at the start of <paramref name="nalUnit"/> (NAL header included, emulation-prevention bytes counted)
    /// that hold its slice header; false when it cannot be determined.
    /// </summary>
    bool TryMeasure(ReadOnlySpan<byte> nalUnit, out int headerBytes);

    /// <summary>Slice NAL units whose header could not be measured (they are left wholly clear).</summary>
    long UnmeasuredSlices { get; }
}
