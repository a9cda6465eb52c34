using System.Buffers;
using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.H264;

/// <summary>Parses H.264 sequence parameter sets (NAL unit type 7).</summary>
public static class H264SpsParser
{
    /// <summary>NAL unit type of a sequence parameter set.</summary>
    public const int SpsNalType = 7;

    /// <summary>NAL unit type of a picture parameter set.</summary>
    public const int PpsNalType = 8;

    /// <summary>NAL unit type of an IDR slice.</summary>
    public const int IdrNalType = 5;

    /// <summary>The nal_unit_type of an H.264 NAL unit (low 5 bits of its first byte).</summary>
    public static int NalType(ReadOnlySpan<byte> nalUnit) => nalUnit.IsEmpty ? -1 : nalUnit[0] & 0x1F;

    /// <summary>True for profiles whose SPS carries chroma format, bit depths and scaling matrices.</summary>
    public static bool HasChromaInfo(int profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    /// <summary>
    /// Parses an SPS NAL unit (with its one-byte NAL header, without start code).
    /// Throws <see cref="InvalidDataException"/> for a malformed or truncated SPS.
    /// </summary>
    public static H264SpsInfo Parse(ReadOnlySpan<byte> spsNalUnit)
    {
        if (NalType(spsNalUnit) != SpsNalType) throw new InvalidDataException("Not an H.264 SPS NAL unit.");
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
        byte profile = (byte)r.ReadBits(8);
        byte constraints = (byte)r.ReadBits(8);
        byte level = (byte)r.ReadBits(8);
        r.ReadUe(); // seq_parameter_set_id
        int chroma = 1, depthLuma = 8, depthChroma = 8;
        bool separateColourPlane = false;
        if (HasChromaInfo(profile))
        {
            chroma = (int)r.ReadUe();
            if (chroma == 3) separateColourPlane = r.ReadFlag();
            depthLuma = (int)r.ReadUe() + 8;
            depthChroma = (int)r.ReadUe() + 8;
            r.ReadFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.ReadFlag()) SkipScalingMatrix(ref r, chroma != 3 ? 8 : 12);
        }
        r.ReadUe(); // log2_max_frame_num_minus4
        uint pocType = r.ReadUe();
        if (pocType == 0)
        {
            r.ReadUe();
        }
        else if (pocType == 1)
        {
            r.ReadFlag();
            r.ReadSe();
            r.ReadSe();
            uint cycle = r.ReadUe();
            if (cycle > 255) throw new InvalidDataException("num_ref_frames_in_pic_order_cnt_cycle out of range.");
            for (uint i = 0; i < cycle; i++) r.ReadSe();
        }
        r.ReadUe(); // max_num_ref_frames
        r.ReadFlag(); // gaps_in_frame_num_value_allowed_flag
        uint widthMbs = r.ReadUe() + 1;
        uint heightMapUnits = r.ReadUe() + 1;
        bool frameMbsOnly = r.ReadFlag();
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
        int chromaArrayType = separateColourPlane ? 0 : chroma;
        int subWidth = chroma == 3 ? 1 : 2, subHeight = chroma == 1 ? 2 : 1;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidth;
        int cropUnitY = (chromaArrayType == 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
        long width = widthMbs * 16L - cropUnitX * (long)(cropLeft + cropRight);
        long height = heightMapUnits * 16L * (frameMbsOnly ? 1 : 2) - cropUnitY * (long)(cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) throw new InvalidDataException("SPS picture size out of range.");

        double? frameRate = null;
        int sarW = 1, sarH = 1;
        if (r.BitsLeft > 0 && r.ReadFlag()) ReadVui(ref r, ref sarW, ref sarH, ref frameRate);
        return new H264SpsInfo(profile, constraints, level, chroma, depthLuma, depthChroma, (int)width, (int)height, frameRate, sarW, sarH);
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

    private static void SkipScalingMatrix(ref BitReader r, int lists)
    {
        for (int i = 0; i < lists; i++)
        {
            if (!r.ReadFlag()) continue;
            int size = i < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (int j = 0; j < size; j++)
            {
                if (next != 0) next = (last + r.ReadSe() + 256) % 256;
                last = next == 0 ? last : next;
            }
        }
    }

    // Table E-1 sample aspect ratios, indexed by aspect_ratio_idc (pairs).
    private static readonly int[] SarTable =
    [
        0, 0, 1, 1, 12, 11, 10, 11, 16, 11, 40, 33, 24, 11, 20, 11, 32, 11, 80, 33, 18, 11, 15, 11, 64, 33, 160, 99, 4, 3, 3, 2, 2, 1,
    ];
}
