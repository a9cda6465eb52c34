using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.H264;

/// <summary>Builds the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3, body of <c>avcC</c>) with 4-byte NAL lengths.</summary>
public static class AvcDecoderConfigurationRecord
{
    /// <summary>The sample entry type that carries parameter sets out of band in this record.</summary>
    public static ReadOnlySpan<byte> SampleEntryType => "avc1"u8;

    /// <summary>The box type of the record inside the sample entry.</summary>
    public static ReadOnlySpan<byte> BoxType => "avcC"u8;

    /// <summary>Builds the record from one SPS and one or more PPS NAL units (without start codes).</summary>
    public static byte[] Build(ReadOnlySpan<byte> sps, IReadOnlyList<ReadOnlyMemory<byte>> ppsList)
    {
        H264SpsInfo info = H264SpsParser.Parse(sps);
        if (ppsList.Count is 0 or > 255) throw new ArgumentException("One to 255 PPS NAL units are needed.", nameof(ppsList));
        using var w = new BoxWriter(256 + sps.Length);
        w.WriteUInt8(1); // configurationVersion
        w.WriteBytes(sps.Slice(1, 3)); // profile, compatibility, level exactly as in the SPS
        w.WriteUInt8(0xFF); // reserved 6 bits + lengthSizeMinusOne = 3
        w.WriteUInt8(0xE1); // reserved 3 bits + one SPS
        w.WriteUInt16(checked((ushort)sps.Length));
        w.WriteBytes(sps);
        w.WriteUInt8((byte)ppsList.Count);
        foreach (ReadOnlyMemory<byte> pps in ppsList)
        {
            w.WriteUInt16(checked((ushort)pps.Length));
            w.WriteBytes(pps.Span);
        }
        if (H264Profiles.HasAvcCExtension(info.ProfileIdc))
        {
            w.WriteUInt8((byte)(0xFC | info.ChromaFormatIdc));
            w.WriteUInt8((byte)(0xF8 | (info.BitDepthLuma - 8)));
            w.WriteUInt8((byte)(0xF8 | (info.BitDepthChroma - 8)));
            w.WriteUInt8(0); // numOfSequenceParameterSetExt
        }
        return w.WrittenSpan.ToArray();
    }
}
