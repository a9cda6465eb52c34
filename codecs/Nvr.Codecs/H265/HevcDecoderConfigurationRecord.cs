using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.H265;

/// <summary>
/// Builds the HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3, body of <c>hvcC</c>) with 4-byte NAL lengths
/// and complete VPS/SPS/PPS arrays, as needed for the <c>hvc1</c> sample entry (parameter sets out of band).
/// </summary>
public static class HevcDecoderConfigurationRecord
{
    /// <summary>The sample entry type that carries parameter sets out of band in this record (<c>hvc1</c>, not <c>hev1</c>).</summary>
    public static ReadOnlySpan<byte> SampleEntryType => "hvc1"u8;

    /// <summary>The box type of the record inside the sample entry.</summary>
    public static ReadOnlySpan<byte> BoxType => "hvcC"u8;

    /// <summary>Builds the record from VPS, SPS and PPS NAL units (without start codes).</summary>
    public static byte[] Build(ReadOnlyMemory<byte> vps, ReadOnlyMemory<byte> sps, ReadOnlyMemory<byte> pps)
    {
        H265SpsInfo info = H265SpsParser.Parse(sps.Span);
        using var w = new BoxWriter(256 + vps.Length + sps.Length + pps.Length);
        w.WriteUInt8(1); // configurationVersion
        w.WriteUInt8((byte)((info.ProfileSpace << 6) | (info.HighTier ? 0x20 : 0) | info.ProfileIdc));
        w.WriteUInt32(info.ProfileCompatibilityFlags);
        w.WriteUInt16((ushort)(info.ConstraintIndicatorFlags >> 32));
        w.WriteUInt32((uint)info.ConstraintIndicatorFlags);
        w.WriteUInt8(info.LevelIdc);
        w.WriteUInt16(0xF000); // reserved + min_spatial_segmentation_idc = 0
        w.WriteUInt8(0xFC); // reserved + parallelismType = 0 (unknown)
        w.WriteUInt8((byte)(0xFC | info.ChromaFormatIdc));
        w.WriteUInt8((byte)(0xF8 | (info.BitDepthLuma - 8)));
        w.WriteUInt8((byte)(0xF8 | (info.BitDepthChroma - 8)));
        w.WriteUInt16(0); // avgFrameRate unspecified
        // constantFrameRate = 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne = 3
        w.WriteUInt8((byte)((info.MaxSubLayers << 3) | (info.TemporalIdNested ? 0x04 : 0) | 3));
        w.WriteUInt8(3); // numOfArrays
        WriteArray(w, H265Nal.Vps, vps.Span);
        WriteArray(w, H265Nal.Sps, sps.Span);
        WriteArray(w, H265Nal.Pps, pps.Span);
        return w.WrittenSpan.ToArray();
    }

    private static void WriteArray(BoxWriter w, int nalType, ReadOnlySpan<byte> nal)
    {
        w.WriteUInt8((byte)(0x80 | nalType)); // array_completeness = 1
        w.WriteUInt16(1);
        w.WriteUInt16(checked((ushort)nal.Length));
        w.WriteBytes(nal);
    }
}
