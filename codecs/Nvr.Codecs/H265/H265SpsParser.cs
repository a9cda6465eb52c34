using System.Buffers;
using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.H265;

/// <summary>Parses the leading fields of H.265 sequence parameter sets (NAL unit type 33).</summary>
public static class H265SpsParser
{
    /// <summary>NAL unit type of a video parameter set.</summary>
    public const int VpsNalType = 32;

    /// <summary>NAL unit type of a sequence parameter set.</summary>
    public const int SpsNalType = 33;

    /// <summary>NAL unit type of a picture parameter set.</summary>
    public const int PpsNalType = 34;

    /// <summary>The nal_unit_type of an H.265 NAL unit (bits 1..6 of its first byte).</summary>
    public static int NalType(ReadOnlySpan<byte> nalUnit) => nalUnit.IsEmpty ? -1 : (nalUnit[0] >> 1) & 0x3F;

    /// <summary>True for IRAP pictures (BLA, IDR, CRA: NAL types 16..23), the random access points.</summary>
    public static bool IsRandomAccessPoint(int nalType) => nalType is >= 16 and <= 23;

    /// <summary>Parses an SPS NAL unit (with its two-byte NAL header, without start code).</summary>
    public static H265SpsInfo Parse(ReadOnlySpan<byte> spsNalUnit)
    {
        if (spsNalUnit.Length < 3 || NalType(spsNalUnit) != SpsNalType) throw new InvalidDataException("Not an H.265 SPS NAL unit.");
        byte[] rented = ArrayPool<byte>.Shared.Rent(spsNalUnit.Length);
        try
        {
            int n = NalUnitReader.ToRbsp(spsNalUnit.Slice(2), rented);
            return ParseRbsp(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static H265SpsInfo ParseRbsp(ReadOnlySpan<byte> rbsp)
    {
        var r = new BitReader(rbsp);
        r.Skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int)r.ReadBits(3);
        bool nested = r.ReadFlag();
        int space = (int)r.ReadBits(2);
        bool tier = r.ReadFlag();
        int profile = (int)r.ReadBits(5);
        uint compat = r.ReadBits(32);
        ulong constraints = ((ulong)r.ReadBits(16) << 32) | r.ReadBits(32);
        byte level = (byte)r.ReadBits(8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }
        if (maxSubLayersMinus1 > 0)
        {
            for (int i = maxSubLayersMinus1; i < 8; i++) r.Skip(2);
        }
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i]) r.Skip(88);
            if (levelPresent[i]) r.Skip(8);
        }
        r.ReadUe(); // sps_seq_parameter_set_id
        int chroma = (int)r.ReadUe();
        bool separate = chroma == 3 && r.ReadFlag();
        uint width = r.ReadUe(), height = r.ReadUe();
        uint left = 0, right = 0, top = 0, bottom = 0;
        if (r.ReadFlag())
        {
            left = r.ReadUe();
            right = r.ReadUe();
            top = r.ReadUe();
            bottom = r.ReadUe();
        }
        int chromaArrayType = separate ? 0 : chroma;
        int subWidth = chromaArrayType is 1 or 2 ? 2 : 1, subHeight = chromaArrayType == 1 ? 2 : 1;
        long w = width - (long)subWidth * (left + right);
        long h = height - (long)subHeight * (top + bottom);
        if (w <= 0 || h <= 0 || w > 16888 || h > 16888) throw new InvalidDataException("SPS picture size out of range.");
        int depthLuma = (int)r.ReadUe() + 8;
        int depthChroma = (int)r.ReadUe() + 8;
        return new H265SpsInfo(space, tier, profile, compat, constraints, level, maxSubLayersMinus1 + 1, nested, chroma, depthLuma, depthChroma, (int)w, (int)h);
    }
}
