using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.H265;

/// <summary>
/// The general part of an H.265 <c>profile_tier_level(1, maxNumSubLayersMinus1)</c> (ITU-T H.265 7.3.3), as the
/// <c>hvcC</c> record and the RFC 6381 string need it; the sub-layer part is read past. The one reader of this syntax,
/// used by the SPS parser of the sample entry and by the slice-header parser of CENC.
/// </summary>
/// <param name="ProfileSpace">general_profile_space (0 normally).</param>
/// <param name="HighTier">general_tier_flag.</param>
/// <param name="ProfileIdc">general_profile_idc (1 Main, 2 Main 10, 9/11 screen content, ...).</param>
/// <param name="CompatibilityFlags">general_profile_compatibility_flag[0..31], flag 0 in the most significant bit.</param>
/// <param name="ConstraintIndicatorFlags">The 48 bits from general_progressive_source_flag on, in the low 48 bits.</param>
/// <param name="LevelIdc">general_level_idc (30 × level, e.g. 93 = level 3.1).</param>
public readonly record struct H265ProfileTierLevel(
    int ProfileSpace,
    bool HighTier,
    int ProfileIdc,
    uint CompatibilityFlags,
    ulong ConstraintIndicatorFlags,
    byte LevelIdc)
{
    /// <summary>Most sub-layers a stream can have (sps_max_sub_layers_minus1 is 3 bits, at most 6).</summary>
    private const int MaxSubLayers = 8;

    /// <summary>Reads the structure (with profilePresentFlag = 1) and leaves <paramref name="r"/> just after it.</summary>
    public static H265ProfileTierLevel Read(ref BitReader r, int maxSubLayersMinus1)
    {
        int space = (int)r.ReadBits(2);
        bool tier = r.ReadFlag();
        int profile = (int)r.ReadBits(5);
        uint compatibility = r.ReadBits(32);
        ulong constraints = ((ulong)r.ReadBits(16) << 32) | r.ReadBits(32);
        byte level = (byte)r.ReadBits(8);
        SkipSubLayers(ref r, maxSubLayersMinus1);
        return new H265ProfileTierLevel(space, tier, profile, compatibility, constraints, level);
    }

    private static void SkipSubLayers(ref BitReader r, int maxSubLayersMinus1)
    {
        Span<bool> profilePresent = stackalloc bool[MaxSubLayers];
        Span<bool> levelPresent = stackalloc bool[MaxSubLayers];
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }

        if (maxSubLayersMinus1 > 0)
        {
            r.Skip(2 * (MaxSubLayers - maxSubLayersMinus1)); // reserved_zero_2bits up to eight entries
        }

        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i])
            {
                r.Skip(88); // sub_layer profile space, tier, idc, compatibility and constraint flags
            }

            if (levelPresent[i])
            {
                r.Skip(8); // sub_layer_level_idc
            }
        }
    }
}
