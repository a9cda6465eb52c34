using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.H265;

/// <summary>
/// The leading syntax of an H.265 <c>seq_parameter_set_rbsp()</c> (ITU-T H.265 7.3.2.2.1), from
/// <c>sps_video_parameter_set_id</c> through <c>bit_depth_chroma_minus8</c>, with its <c>profile_tier_level</c>:
/// what the sample entry (<see cref="H265SpsParser"/>) and the CENC slice header reader both need. The one reader of
/// this syntax; callers read on from where it leaves the <see cref="BitReader"/>.
/// </summary>
/// <param name="MaxSubLayersMinus1">sps_max_sub_layers_minus1.</param>
/// <param name="TemporalIdNested">sps_temporal_id_nesting_flag.</param>
/// <param name="ProfileTierLevel">The general profile, tier and level.</param>
/// <param name="Id">sps_seq_parameter_set_id.</param>
/// <param name="ChromaFormatIdc">chroma_format_idc.</param>
/// <param name="SeparateColourPlane">separate_colour_plane_flag.</param>
/// <param name="PicWidth">pic_width_in_luma_samples.</param>
/// <param name="PicHeight">pic_height_in_luma_samples.</param>
/// <param name="ConformanceWindowHorizontal">conf_win_left_offset + conf_win_right_offset (0 without a window).</param>
/// <param name="ConformanceWindowVertical">conf_win_top_offset + conf_win_bottom_offset (0 without a window).</param>
/// <param name="BitDepthLuma">Luma bit depth.</param>
/// <param name="BitDepthChroma">Chroma bit depth.</param>
public readonly record struct H265SpsSyntax(
    int MaxSubLayersMinus1,
    bool TemporalIdNested,
    H265ProfileTierLevel ProfileTierLevel,
    uint Id,
    int ChromaFormatIdc,
    bool SeparateColourPlane,
    uint PicWidth,
    uint PicHeight,
    uint ConformanceWindowHorizontal,
    uint ConformanceWindowVertical,
    int BitDepthLuma,
    int BitDepthChroma)
{
    /// <summary>ChromaArrayType: 0 with separate colour planes, else chroma_format_idc.</summary>
    public int ChromaArrayType => SeparateColourPlane ? 0 : ChromaFormatIdc;

    /// <summary>Reads an SPS RBSP (after the 2-byte NAL header) up to and including <c>bit_depth_chroma_minus8</c>.</summary>
    /// <exception cref="InvalidDataException">Truncated data.</exception>
    public static H265SpsSyntax Read(ref BitReader r)
    {
        r.Skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int)r.ReadBits(3);
        bool nested = r.ReadFlag();
        H265ProfileTierLevel ptl = H265ProfileTierLevel.Read(ref r, maxSubLayersMinus1);
        uint id = r.ReadUe();
        int chroma = (int)r.ReadUe();
        bool separate = chroma == 3 && r.ReadFlag();
        uint width = r.ReadUe(), height = r.ReadUe();
        uint horizontal = 0, vertical = 0;
        if (r.ReadFlag())
        {
            horizontal = r.ReadUe() + r.ReadUe();
            vertical = r.ReadUe() + r.ReadUe();
        }

        int depthLuma = (int)r.ReadUe() + 8;
        int depthChroma = (int)r.ReadUe() + 8;
        return new H265SpsSyntax(maxSubLayersMinus1, nested, ptl, id, chroma, separate, width, height, horizontal, vertical, depthLuma, depthChroma);
    }
}
