using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>The independent-slice part of the H.265 slice segment header (ITU-T H.265 7.3.6.1-7.3.6.3), skipped field by field.</summary>
internal static class H265SliceHeaderSyntax
{
    private const int SliceB = 0, SliceP = 1, SliceI = 2;

    public static bool SkipIndependentFields(ref BitReader r, int nalType, in H265PpsFields p, H265SpsFields s)
    {
        r.Skip(p.NumExtraSliceHeaderBits);
        uint sliceType = r.ReadUe();
        if (sliceType > 2)
        {
            return false;
        }

        if (p.OutputFlagPresent)
        {
            r.Skip(1);
        }

        if (s.SeparateColourPlane)
        {
            r.Skip(2);
        }

        int picTotalCurr = 0;
        bool temporalMvp = false;
        if (nalType is not (19 or 20))
        {
            r.Skip(s.Log2MaxPocLsb);
            int rps;
            if (!r.ReadFlag())
            {
                rps = s.NumShortTermRefPicSets;
                H265RefPicSetParser.Parse(ref r, s, rps);
            }
            else
            {
                if (s.NumShortTermRefPicSets == 0)
                {
                    return false;
                }

                rps = (int)r.ReadBits(H265ParameterSetParser.CeilLog2(s.NumShortTermRefPicSets));
                if (rps >= s.NumShortTermRefPicSets)
                {
                    return false;
                }
            }

            picTotalCurr = s.UsedByCurrCount(rps);
            if (s.LongTermRefPicsPresent)
            {
                picTotalCurr += SkipLongTermPictures(ref r, s);
            }

            if (s.TemporalMvpEnabled)
            {
                temporalMvp = r.ReadFlag();
            }
        }

        bool saoLuma = false, saoChroma = false;
        if (s.SampleAdaptiveOffsetEnabled)
        {
            saoLuma = r.ReadFlag();
            saoChroma = s.ChromaArrayType != 0 && r.ReadFlag();
        }

        if (sliceType != SliceI)
        {
            SkipInterFields(ref r, (int)sliceType, p, s, picTotalCurr, temporalMvp);
        }

        r.ReadSe(); // slice_qp_delta
        if (p.SliceChromaQpOffsetsPresent)
        {
            r.ReadSe();
            r.ReadSe();
        }

        if (p.ChromaQpOffsetListEnabled)
        {
            r.Skip(1);
        }

        bool deblockingDisabled = p.DeblockingFilterDisabled;
        if (p.DeblockingFilterOverrideEnabled && r.ReadFlag())
        {
            deblockingDisabled = r.ReadFlag();
            if (!deblockingDisabled)
            {
                r.ReadSe();
                r.ReadSe();
            }
        }

        if (p.LoopFilterAcrossSlicesEnabled && (saoLuma || saoChroma || !deblockingDisabled))
        {
            r.Skip(1);
        }

        return true;
    }

    /// <returns>Long-term pictures used by the current picture (their share of NumPicTotalCurr).</returns>
    private static int SkipLongTermPictures(ref BitReader r, H265SpsFields s)
    {
        uint fromSps = s.NumLongTermRefPicsSps > 0 ? r.ReadUe() : 0;
        uint coded = r.ReadUe();
        if (fromSps > (uint)s.NumLongTermRefPicsSps || coded > 32)
        {
            throw new InvalidDataException("Too many long-term pictures in a slice header.");
        }

        int used = 0;
        int idxBits = H265ParameterSetParser.CeilLog2(s.NumLongTermRefPicsSps);
        for (uint i = 0; i < fromSps + coded; i++)
        {
            if (i < fromSps)
            {
                int idx = s.NumLongTermRefPicsSps > 1 ? (int)r.ReadBits(idxBits) : 0;
                used += ((s.LongTermUsedByCurrSps >> idx) & 1) != 0 ? 1 : 0;
            }
            else
            {
                r.Skip(s.Log2MaxPocLsb);
                used += r.ReadFlag() ? 1 : 0;
            }

            if (r.ReadFlag())
            {
                r.ReadUe(); // delta_poc_msb_cycle_lt
            }
        }

        return used;
    }

    private static void SkipInterFields(ref BitReader r, int sliceType, in H265PpsFields p, H265SpsFields s, int picTotalCurr, bool temporalMvp)
    {
        int l0 = p.NumRefIdxL0Default, l1 = p.NumRefIdxL1Default;
        if (r.ReadFlag())
        {
            l0 = (int)r.ReadUe() + 1;
            if (sliceType == SliceB)
            {
                l1 = (int)r.ReadUe() + 1;
            }
        }

        if (l0 > 15 || l1 > 15)
        {
            throw new InvalidDataException("More than 15 active reference indices.");
        }

        if (p.ListsModificationPresent && picTotalCurr > 1)
        {
            int entryBits = H265ParameterSetParser.CeilLog2(picTotalCurr);
            if (r.ReadFlag())
            {
                r.Skip((long)l0 * entryBits);
            }

            if (sliceType == SliceB && r.ReadFlag())
            {
                r.Skip((long)l1 * entryBits);
            }
        }

        if (sliceType == SliceB)
        {
            r.Skip(1); // mvd_l1_zero_flag
        }

        if (p.CabacInitPresent)
        {
            r.Skip(1);
        }

        if (temporalMvp)
        {
            bool fromL0 = sliceType != SliceB || r.ReadFlag();
            if ((fromL0 && l0 > 1) || (!fromL0 && l1 > 1))
            {
                r.ReadUe(); // collocated_ref_idx
            }
        }

        if ((p.WeightedPred && sliceType == SliceP) || (p.WeightedBipred && sliceType == SliceB))
        {
            SkipPredWeightTable(ref r, sliceType, s.ChromaArrayType != 0, l0, l1);
        }

        r.ReadUe(); // five_minus_max_num_merge_cand
    }

    private static void SkipPredWeightTable(ref BitReader r, int sliceType, bool chroma, int l0, int l1)
    {
        r.ReadUe(); // luma_log2_weight_denom
        if (chroma)
        {
            r.ReadSe();
        }

        SkipWeights(ref r, chroma, l0);
        if (sliceType == SliceB)
        {
            SkipWeights(ref r, chroma, l1);
        }
    }

    // Single layer, no current-picture referencing: every reference has another POC, so every flag is present.
    private static void SkipWeights(ref BitReader r, bool chroma, int count)
    {
        uint luma = r.ReadBits(count);
        uint chromaFlags = chroma ? r.ReadBits(count) : 0;
        for (int i = count - 1; i >= 0; i--)
        {
            if (((luma >> i) & 1) != 0)
            {
                r.ReadSe();
                r.ReadSe();
            }

            if (((chromaFlags >> i) & 1) != 0)
            {
                r.ReadSe();
                r.ReadSe();
                r.ReadSe();
                r.ReadSe();
            }
        }
    }
}
