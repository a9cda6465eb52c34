namespace Nvr.Codecs.H265;

/// <summary>Fields of an H.265 sequence parameter set (ITU-T H.265 7.3.2.2) needed for recording.</summary>
/// <param name="ProfileSpace">general_profile_space (0 normally).</param>
/// <param name="HighTier">general_tier_flag.</param>
/// <param name="ProfileIdc">general_profile_idc (1 Main, 2 Main 10, ...).</param>
/// <param name="ProfileCompatibilityFlags">general_profile_compatibility_flag[0..31], flag 0 in the most significant bit.</param>
/// <param name="ConstraintIndicatorFlags">The 48 bits from general_progressive_source_flag on, in the low 48 bits.</param>
/// <param name="LevelIdc">general_level_idc (30 x level, e.g. 93 = level 3.1).</param>
/// <param name="MaxSubLayers">sps_max_sub_layers_minus1 + 1.</param>
/// <param name="TemporalIdNested">sps_temporal_id_nesting_flag.</param>
/// <param name="ChromaFormatIdc">0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4.</param>
/// <param name="BitDepthLuma">Luma bit depth.</param>
/// <param name="BitDepthChroma">Chroma bit depth.</param>
/// <param name="Width">Displayed width (after the conformance window).</param>
/// <param name="Height">Displayed height (after the conformance window).</param>
public sealed record H265SpsInfo(
    int ProfileSpace,
    bool HighTier,
    int ProfileIdc,
    uint ProfileCompatibilityFlags,
    ulong ConstraintIndicatorFlags,
    byte LevelIdc,
    int MaxSubLayers,
    bool TemporalIdNested,
    int ChromaFormatIdc,
    int BitDepthLuma,
    int BitDepthChroma,
    int Width,
    int Height);
