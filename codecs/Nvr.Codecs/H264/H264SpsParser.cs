using System.Buffers;
using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.H264;

/// <summary>Parses H.264 sequence parameter sets (NAL unit type 7).</summary>
public static class H264SpsParser
{
    /// <summary>
    /// Parses an SPS NAL unit (with its one-byte NAL header, without start code).
    /// Throws <see cref="InvalidDataException"/> for a malformed or truncated SPS.
    /// </summary>
    public static H264SpsInfo Parse(ReadOnlySpan<byte> spsNalUnit)
    {
        if (H264Nal.Type(spsNalUnit) != H264Nal.Sps) throw new InvalidDataException("Not an H.264 SPS NAL unit.");
        byte[] rented = ArrayPool<byte>.Shared.Rent(spsNalUnit.Length);
        try
        {
            int n = NalUnitReader.ToRbsp(spsNalUnit.Slice(1), rented);
            return ParseRbsp(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static H264SpsInfo ParseRbsp(ReadOnlySpan<byte> rbsp)
    {
        var r = new BitReader(rbsp);
        H264SpsSyntax head = H264SpsSyntax.Read(ref r);
        int chroma = head.ChromaFormatIdc;
        bool frameMbsOnly = head.FrameMbsOnly;
        uint widthMbs = head.WidthInMbs, heightMapUnits = head.HeightInMapUnits;
        if (!frameMbsOnly) r.ReadFlag(); // mb_adaptive_frame_field_flag
        r.ReadFlag(); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadFlag())
        {
            cropLeft = r.ReadUe();
            cropRight = r.ReadUe();
            cropTop = r.ReadUe();
            cropBottom = r.ReadUe();
        }
        int chromaArrayType = head.SeparateColourPlane ? 0 : chroma;
        int subWidth = chroma == 3 ? 1 : 2, subHeight = chroma == 1 ? 2 : 1;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidth;
        int cropUnitY = (chromaArrayType == 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
        long width = widthMbs * 16L - cropUnitX * (long)(cropLeft + cropRight);
        long height = heightMapUnits * 16L * (frameMbsOnly ? 1 : 2) - cropUnitY * (long)(cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) throw new InvalidDataException("SPS picture size out of range.");

        double? frameRate = null;
        int sarW = 1, sarH = 1;
        if (r.BitsLeft > 0 && r.ReadFlag()) ReadVui(ref r, ref sarW, ref sarH, ref frameRate);
        return new H264SpsInfo(head.ProfileIdc, head.ConstraintFlags, head.LevelIdc, chroma, head.BitDepthLuma, head.BitDepthChroma, (int)width, (int)height, frameRate, sarW, sarH);
    }

    private static void ReadVui(ref BitReader r, ref int sarW, ref int sarH, ref double? frameRate)
    {
        if (r.ReadFlag())
        {
            uint idc = r.ReadBits(8);
            if (idc == 255)
            {
                sarW = (int)r.ReadBits(16);
                sarH = (int)r.ReadBits(16);
            }
            else if (idc >= 1 && idc < (uint)SarTable.Length / 2)
            {
                sarW = SarTable[idc * 2];
                sarH = SarTable[idc * 2 + 1];
            }
        }
        if (r.ReadFlag()) r.ReadFlag(); // overscan
        if (r.ReadFlag())
        {
            r.Skip(4); // video_format, video_full_range_flag
            if (r.ReadFlag()) r.Skip(24); // colour primaries, transfer, matrix
        }
        if (r.ReadFlag())
        {
            r.ReadUe();
            r.ReadUe();
        }
        if (r.ReadFlag())
        {
            uint unitsInTick = r.ReadBits(32);
            uint timeScale = r.ReadBits(32);
            if (unitsInTick > 0 && timeScale > 0) frameRate = timeScale / (2.0 * unitsInTick);
        }
    }

    // Table E-1 sample aspect ratios, indexed by aspect_ratio_idc (pairs).
    private static readonly int[] SarTable =
    [
        0, 0, 1, 1, 12, 11, 10, 11, 16, 11, 40, 33, 24, 11, 20, 11, 32, 11, 80, 33, 18, 11, 15, 11, 64, 33, 160, 99, 4, 3, 3, 2, 2, 1,
    ];
}
