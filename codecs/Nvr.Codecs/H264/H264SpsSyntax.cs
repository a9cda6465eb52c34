using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.H264;

/// <summary>
/// The leading syntax of an H.264 <c>seq_parameter_set_data()</c> (ITU-T H.264 7.3.2.1.1), from <c>profile_idc</c>
/// through <c>frame_mbs_only_flag</c>: what the sample entry (<see cref="H264SpsParser"/>) and the CENC slice header
/// reader both need. The one reader of this syntax; callers read on from where it leaves the <see cref="BitReader"/>.
/// </summary>
public readonly record struct H264SpsSyntax
{
    /// <summary>profile_idc.</summary>
    public byte ProfileIdc { get; init; }

    /// <summary>The byte after profile_idc (constraint_set0..5 flags and reserved bits).</summary>
    public byte ConstraintFlags { get; init; }

    /// <summary>level_idc.</summary>
    public byte LevelIdc { get; init; }

    /// <summary>seq_parameter_set_id.</summary>
    public uint Id { get; init; }

    /// <summary>chroma_format_idc (1 when the profile does not signal it).</summary>
    public int ChromaFormatIdc { get; init; }

    /// <summary>separate_colour_plane_flag.</summary>
    public bool SeparateColourPlane { get; init; }

    /// <summary>Luma bit depth.</summary>
    public int BitDepthLuma { get; init; }

    /// <summary>Chroma bit depth.</summary>
    public int BitDepthChroma { get; init; }

    /// <summary>log2_max_frame_num_minus4 + 4.</summary>
    public int Log2MaxFrameNum { get; init; }

    /// <summary>pic_order_cnt_type.</summary>
    public int PocType { get; init; }

    /// <summary>log2_max_pic_order_cnt_lsb_minus4 + 4 (POC type 0).</summary>
    public int Log2MaxPocLsb { get; init; }

    /// <summary>delta_pic_order_always_zero_flag (POC type 1).</summary>
    public bool DeltaPicOrderAlwaysZero { get; init; }

    /// <summary>pic_width_in_mbs_minus1 + 1.</summary>
    public uint WidthInMbs { get; init; }

    /// <summary>pic_height_in_map_units_minus1 + 1.</summary>
    public uint HeightInMapUnits { get; init; }

    /// <summary>frame_mbs_only_flag.</summary>
    public bool FrameMbsOnly { get; init; }

    /// <summary>Reads an SPS RBSP (after the NAL header) up to and including <c>frame_mbs_only_flag</c>.</summary>
    /// <exception cref="InvalidDataException">Truncated or out-of-range data.</exception>
    public static H264SpsSyntax Read(ref BitReader r)
    {
        byte profile = (byte)r.ReadBits(8);
        byte constraints = (byte)r.ReadBits(8);
        byte level = (byte)r.ReadBits(8);
        uint id = r.ReadUe();
        int chroma = 1, depthLuma = 8, depthChroma = 8;
        bool separate = false;
        if (H264Profiles.HasChromaInfo(profile))
        {
            chroma = (int)r.ReadUe();
            separate = chroma == 3 && r.ReadFlag();
            depthLuma = (int)r.ReadUe() + 8;
            depthChroma = (int)r.ReadUe() + 8;
            r.ReadFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.ReadFlag())
            {
                SkipScalingMatrix(ref r, chroma != 3 ? 8 : 12);
            }
        }

        uint log2MaxFrameNumMinus4 = r.ReadUe();
        if (log2MaxFrameNumMinus4 > 12) throw new InvalidDataException("log2_max_frame_num_minus4 above 12.");
        int log2MaxFrameNum = (int)log2MaxFrameNumMinus4 + 4;
        int pocType = (int)r.ReadUe();
        int log2MaxPocLsb = 0;
        bool deltaAlwaysZero = false;
        if (pocType == 0)
        {
            uint log2MaxPocLsbMinus4 = r.ReadUe();
            if (log2MaxPocLsbMinus4 > 12) throw new InvalidDataException("log2_max_pic_order_cnt_lsb_minus4 above 12.");
            log2MaxPocLsb = (int)log2MaxPocLsbMinus4 + 4;
        }
        else if (pocType == 1)
        {
            deltaAlwaysZero = r.ReadFlag();
            r.ReadSe(); // offset_for_non_ref_pic
            r.ReadSe(); // offset_for_top_to_bottom_field
            uint cycle = r.ReadUe();
            if (cycle > 255)
            {
                throw new InvalidDataException("num_ref_frames_in_pic_order_cnt_cycle out of range.");
            }

            for (uint i = 0; i < cycle; i++)
            {
                r.ReadSe();
            }
        }

        r.ReadUe(); // max_num_ref_frames
        r.ReadFlag(); // gaps_in_frame_num_value_allowed_flag
        uint widthMbs = r.ReadUe() + 1;
        uint heightMapUnits = r.ReadUe() + 1;
        bool frameMbsOnly = r.ReadFlag();
        return new H264SpsSyntax
        {
            ProfileIdc = profile,
            ConstraintFlags = constraints,
            LevelIdc = level,
            Id = id,
            ChromaFormatIdc = chroma,
            SeparateColourPlane = separate,
            BitDepthLuma = depthLuma,
            BitDepthChroma = depthChroma,
            Log2MaxFrameNum = log2MaxFrameNum,
            PocType = pocType,
            Log2MaxPocLsb = log2MaxPocLsb,
            DeltaPicOrderAlwaysZero = deltaAlwaysZero,
            WidthInMbs = widthMbs,
            HeightInMapUnits = heightMapUnits,
            FrameMbsOnly = frameMbsOnly,
        };
    }

    private static void SkipScalingMatrix(ref BitReader r, int lists)
    {
        for (int i = 0; i < lists; i++)
        {
            if (!r.ReadFlag())
            {
                continue;
            }

            int size = i < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (int j = 0; j < size; j++)
            {
                if (next != 0)
                {
                    next = (last + r.ReadSe() + 256) % 256;
                }

                last = next == 0 ? last : next;
            }
        }
    }
}
