namespace Nvr.Codecs.H264;

/// <summary>
/// H.264 NAL unit header facts (ITU-T H.264 7.3.1, 7.4.1; RFC 6184 5.2 for the RTP packet types): one byte,
/// <c>forbidden_zero_bit</c>, <c>nal_ref_idc</c> (2 bits), <c>nal_unit_type</c> (5 bits).
/// </summary>
public static class H264Nal
{
    /// <summary>Bytes of the NAL unit header.</summary>
    public const int HeaderSize = 1;

    /// <summary>Coded slice of an IDR picture.</summary>
    public const int Idr = 5;

    /// <summary>Sequence parameter set.</summary>
    public const int Sps = 7;

    /// <summary>Picture parameter set.</summary>
    public const int Pps = 8;

    /// <summary>RTP single-time aggregation packet (RFC 6184 STAP-A).</summary>
    public const int StapA = 24;

    /// <summary>RTP fragmentation unit (RFC 6184 FU-A).</summary>
    public const int FuA = 28;

    /// <summary>Mask of <c>nal_unit_type</c> in the header byte (also in an FU header).</summary>
    public const byte TypeMask = 0x1F;

    /// <summary>Mask of <c>forbidden_zero_bit</c> and <c>nal_ref_idc</c> in the header byte.</summary>
    public const byte ForbiddenAndRefIdcMask = 0xE0;

    /// <summary>Mask of <c>nal_ref_idc</c> in the header byte.</summary>
    public const byte RefIdcMask = 0x60;

    /// <summary>The <c>nal_unit_type</c> of a NAL unit whose header byte is <paramref name="header"/>.</summary>
    public static int Type(byte header) => header & TypeMask;

    /// <summary>The <c>nal_unit_type</c> of <paramref name="nalUnit"/>, -1 when it is empty.</summary>
    public static int Type(ReadOnlySpan<byte> nalUnit) => nalUnit.IsEmpty ? -1 : Type(nalUnit[0]);

    /// <summary><c>nal_ref_idc</c> (0..3) of a header byte.</summary>
    public static int RefIdc(byte header) => (header >> 5) & 3;

    /// <summary>True for coded slice NAL types (1..5), the VCL units whose header precedes slice data.</summary>
    public static bool IsSlice(int type) => type is >= 1 and <= 5;

    /// <summary>True for the types a single NAL unit RTP packet may carry (1..23).</summary>
    public static bool IsSingleUnitPacketType(int type) => type is >= 1 and <= 23;
}
