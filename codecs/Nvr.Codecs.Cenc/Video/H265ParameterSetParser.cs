using System.Numerics;
using Nvr.Codecs.Bitstream;
using Nvr.Codecs.H265;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>
/// Reads the SPS/PPS fields (ITU-T H.265 7.3.2.2, 7.3.2.3) that decide the slice segment header layout. The SPS is
/// read up to <c>sps_temporal_mvp_enabled_flag</c>/<c>strong_intra_smoothing_enabled_flag</c>: nothing after it
/// (VUI, range extension) changes the slice header, except the screen-content extension, whose profiles are refused.
/// Readers throw <see cref="InvalidDataException"/> on truncated or out-of-range data.
/// </summary>
internal static class H265ParameterSetParser
{
    /// <summary>Parses an SPS RBSP (after the 2-byte NAL header) into <paramref name="s"/>; false when it uses features not handled.</summary>
    public static bool ParseSps(ref BitReader r, H265SpsFields s)
    {
        s.Known = false;
        H265SpsSyntax head = H265SpsSyntax.Read(ref r);
        if (head.Id > 15)
        {
            Throw("sps_seq_parameter_set_id above 15");
        }

        s.Id = (int)head.Id;
        s.SeparateColourPlane = head.SeparateColourPlane;
        s.ChromaArrayType = head.ChromaArrayType;
        int maxSubLayersMinus1 = head.MaxSubLayersMinus1;
        uint width = head.PicWidth;
        uint height = head.PicHeight;
        s.Log2MaxPocLsb = (int)r.ReadUe() + 4;
        if (s.Log2MaxPocLsb > 16)
        {
            Throw("log2_max_pic_order_cnt_lsb above 16");
        }

        bool orderingInfoForAll = r.ReadFlag();
        for (int i = orderingInfoForAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++)
        {
            r.ReadUe();
            r.ReadUe();
            r.ReadUe();
        }

        int log2MinCb = (int)r.ReadUe() + 3;
        int log2Ctb = log2MinCb + (int)r.ReadUe();
        if (log2Ctb > 6 || width == 0 || height == 0 || width > 65536 || height > 65536)
        {
            Throw("picture or coding tree block size out of range");
        }

        long ctbSize = 1L << log2Ctb;
        long picSizeInCtbs = ((width + ctbSize - 1) / ctbSize) * ((height + ctbSize - 1) / ctbSize);
        s.SliceAddressBits = CeilLog2(picSizeInCtbs);
        r.ReadUe(); // log2_min_luma_transform_block_size_minus2
        r.ReadUe(); // log2_diff_max_min_luma_transform_block_size
        r.ReadUe(); // max_transform_hierarchy_depth_inter
        r.ReadUe(); // max_transform_hierarchy_depth_intra
        if (r.ReadFlag() && r.ReadFlag())
        {
            SkipScalingListData(ref r);
        }

        r.Skip(1); // amp_enabled_flag
        s.SampleAdaptiveOffsetEnabled = r.ReadFlag();
        if (r.ReadFlag())
        {
            r.Skip(8); // pcm sample bit depths
            r.ReadUe();
            r.ReadUe();
            r.Skip(1);
        }

        uint sets = r.ReadUe();
        if (sets > 64)
        {
            Throw("num_short_term_ref_pic_sets above 64");
        }

        s.NumShortTermRefPicSets = (int)sets;
        for (int i = 0; i < (int)sets; i++)
        {
            H265RefPicSetParser.Parse(ref r, s, i);
        }

        s.LongTermRefPicsPresent = r.ReadFlag();
        s.NumLongTermRefPicsSps = 0;
        s.LongTermUsedByCurrSps = 0;
        if (s.LongTermRefPicsPresent)
        {
            uint lt = r.ReadUe();
            if (lt > 32)
            {
                Throw("num_long_term_ref_pics_sps above 32");
            }

            s.NumLongTermRefPicsSps = (int)lt;
            for (int i = 0; i < (int)lt; i++)
            {
                r.Skip(s.Log2MaxPocLsb);
                if (r.ReadFlag())
                {
                    s.LongTermUsedByCurrSps |= 1u << i;
                }
            }
        }

        s.TemporalMvpEnabled = r.ReadFlag();
        r.Skip(1); // strong_intra_smoothing_enabled_flag

        // Screen content coding (profiles 9, 11) may add use_integer_mv_flag and ACT QP offsets to the slice header.
        bool supported = !H265Profiles.IsScreenContent(head.ProfileTierLevel.ProfileIdc);
        s.Known = supported;
        return supported;
    }

    /// <summary>Parses a PPS RBSP (after the 2-byte NAL header); returns its id, or -1 when the PPS is not usable.</summary>
    public static int ParsePps(ref BitReader r, out H265PpsFields p)
    {
        p = default;
        uint id = r.ReadUe();
        uint spsId = r.ReadUe();
        if (id > 63 || spsId > 15)
        {
            return -1;
        }

        p.SpsId = (int)spsId;
        p.DependentSliceSegmentsEnabled = r.ReadFlag();
        p.OutputFlagPresent = r.ReadFlag();
        p.NumExtraSliceHeaderBits = (int)r.ReadBits(3);
        r.Skip(1); // sign_data_hiding_enabled_flag
        p.CabacInitPresent = r.ReadFlag();
        p.NumRefIdxL0Default = (int)r.ReadUe() + 1;
        p.NumRefIdxL1Default = (int)r.ReadUe() + 1;
        r.ReadSe(); // init_qp_minus26
        r.Skip(1); // constrained_intra_pred_flag
        bool transformSkip = r.ReadFlag();
        if (r.ReadFlag())
        {
            r.ReadUe(); // diff_cu_qp_delta_depth
        }

        r.ReadSe();
        r.ReadSe();
        p.SliceChromaQpOffsetsPresent = r.ReadFlag();
        p.WeightedPred = r.ReadFlag();
        p.WeightedBipred = r.ReadFlag();
        r.Skip(1); // transquant_bypass_enabled_flag
        p.TilesEnabled = r.ReadFlag();
        p.EntropyCodingSyncEnabled = r.ReadFlag();
        if (p.TilesEnabled)
        {
            uint columns = r.ReadUe() + 1;
            uint rows = r.ReadUe() + 1;
            if (columns > 64 || rows > 64)
            {
                Throw("more than 64 tile columns or rows");
            }

            if (!r.ReadFlag())
            {
                for (uint i = 0; i + 1 < columns; i++)
                {
                    r.ReadUe();
                }

                for (uint i = 0; i + 1 < rows; i++)
                {
                    r.ReadUe();
                }
            }

            r.Skip(1); // loop_filter_across_tiles_enabled_flag
        }

        p.LoopFilterAcrossSlicesEnabled = r.ReadFlag();
        if (r.ReadFlag())
        {
            p.DeblockingFilterOverrideEnabled = r.ReadFlag();
            p.DeblockingFilterDisabled = r.ReadFlag();
            if (!p.DeblockingFilterDisabled)
            {
                r.ReadSe();
                r.ReadSe();
            }
        }

        if (r.ReadFlag())
        {
            SkipScalingListData(ref r);
        }

        p.ListsModificationPresent = r.ReadFlag();
        r.ReadUe(); // log2_parallel_merge_level_minus2
        p.SliceSegmentHeaderExtensionPresent = r.ReadFlag();
        if (r.ReadFlag())
        {
            bool range = r.ReadFlag();
            bool multilayer = r.ReadFlag();
            bool threeD = r.ReadFlag();
            bool screenContent = r.ReadFlag();
            r.Skip(4);
            if (multilayer || threeD || screenContent)
            {
                return -1; // these extensions change the slice header: not handled, slices stay clear.
            }

            if (range)
            {
                if (transformSkip)
                {
                    r.ReadUe(); // log2_max_transform_skip_block_size_minus2
                }

                r.Skip(1); // cross_component_prediction_enabled_flag
                p.ChromaQpOffsetListEnabled = r.ReadFlag();
            }
        }

        p.Known = true;
        return (int)id;
    }

    /// <summary>Ceil(Log2(<paramref name="n"/>)), 0 for n &lt;= 1.</summary>
    public static int CeilLog2(long n) => n <= 1 ? 0 : 64 - BitOperations.LeadingZeroCount((ulong)(n - 1));

    private static void SkipScalingListData(ref BitReader r)
    {
        for (int sizeId = 0; sizeId < 4; sizeId++)
        {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1)
            {
                if (!r.ReadFlag())
                {
                    r.ReadUe(); // scaling_list_pred_matrix_id_delta
                    continue;
                }

                int coefficients = Math.Min(64, 1 << (4 + (sizeId << 1)));
                if (sizeId > 1)
                {
                    r.ReadSe();
                }

                for (int i = 0; i < coefficients; i++)
                {
                    r.ReadSe();
                }
            }
        }
    }

    private static void Throw(string what) => throw new InvalidDataException($"H.265 parameter set: {what}.");
}
