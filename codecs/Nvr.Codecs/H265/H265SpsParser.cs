using System.Buffers;
using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.H265;

/// <summary>Parses the leading fields of H.265 sequence parameter sets (NAL unit type 33).</summary>
public static class H265SpsParser
{
    /// <summary>Parses an SPS NAL unit (with its two-byte NAL header, without start code).</summary>
    public static H265SpsInfo Parse(ReadOnlySpan<byte> spsNalUnit)
    {
        if (spsNalUnit.Length < 3 || H265Nal.Type(spsNalUnit) != H265Nal.Sps) throw new InvalidDataException("Not an H.265 SPS NAL unit.");
        byte[] rented = ArrayPool<byte>.Shared.Rent(spsNalUnit.Length);
        try
        {
            int n = NalUnitReader.ToRbsp(spsNalUnit.Slice(2), rented);
            return ParseRbsp(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static H265SpsInfo ParseRbsp(ReadOnlySpan<byte> rbsp)
    {
        var r = new BitReader(rbsp);
        H265SpsSyntax sps = H265SpsSyntax.Read(ref r);
        int chromaArrayType = sps.ChromaArrayType;
        int subWidth = chromaArrayType is 1 or 2 ? 2 : 1, subHeight = chromaArrayType == 1 ? 2 : 1;
        long w = sps.PicWidth - ((long)subWidth * sps.ConformanceWindowHorizontal);
        long h = sps.PicHeight - ((long)subHeight * sps.ConformanceWindowVertical);
        if (w <= 0 || h <= 0 || w > 16888 || h > 16888) throw new InvalidDataException("SPS picture size out of range.");
        H265ProfileTierLevel ptl = sps.ProfileTierLevel;
        return new H265SpsInfo(
            ptl.ProfileSpace, ptl.HighTier, ptl.ProfileIdc, ptl.CompatibilityFlags, ptl.ConstraintIndicatorFlags, ptl.LevelIdc,
            sps.MaxSubLayersMinus1 + 1, sps.TemporalIdNested, sps.ChromaFormatIdc, sps.BitDepthLuma, sps.BitDepthChroma, (int)w, (int)h);
    }
}
