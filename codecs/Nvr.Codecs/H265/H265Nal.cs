namespace Nvr.Codecs.H265;

/// <summary>
/// H.265 NAL unit header facts (ITU-T H.265 7.3.1.2, 7.4.2.2; RFC 7798 4.4 for the RTP packet types): two bytes,
/// <c>forbidden_zero_bit</c>, <c>nal_unit_type</c> (6 bits), <c>nuh_layer_id</c> (6 bits), <c>nuh_temporal_id_plus1</c> (3 bits).
/// </summary>
public static class H265Nal
{
    /// <summary>Bytes of the NAL unit header.</summary>
    public const int HeaderSize = 2;

    /// <summary>Video parameter set.</summary>
    public const int Vps = 32;

    /// <summary>Sequence parameter set.</summary>
    public const int Sps = 33;

    /// <summary>Picture parameter set.</summary>
    public const int Pps = 34;

    /// <summary>RTP aggregation packet (RFC 7798 AP).</summary>
    public const int AggregationPacket = 48;

    /// <summary>RTP fragmentation unit (RFC 7798 FU).</summary>
    public const int FragmentationUnit = 49;

    /// <summary>Mask of <c>nal_unit_type</c> once shifted down by one (also the type field of an FU header).</summary>
    public const byte TypeMask = 0x3F;

    /// <summary>Mask of <c>forbidden_zero_bit</c> and the top bit of <c>nuh_layer_id</c> in the first header byte.</summary>
    public const byte ForbiddenAndLayerHighMask = 0x81;

    /// <summary>The <c>nal_unit_type</c> of a NAL unit whose first header byte is <paramref name="firstHeaderByte"/>.</summary>
    public static int Type(byte firstHeaderByte) => (firstHeaderByte >> 1) & TypeMask;

    /// <summary>The <c>nal_unit_type</c> of <paramref name="nalUnit"/>, -1 when it is empty.</summary>
    public static int Type(ReadOnlySpan<byte> nalUnit) => nalUnit.IsEmpty ? -1 : Type(nalUnit[0]);

    /// <summary>The first header byte for type <paramref name="type"/>, keeping the F bit and layer bit of <paramref name="firstHeaderByte"/>.</summary>
    public static byte WithType(byte firstHeaderByte, int type) => (byte)((firstHeaderByte & ForbiddenAndLayerHighMask) | (type << 1));

    /// <summary><c>nuh_layer_id</c> of a NAL unit with at least two bytes.</summary>
    public static int LayerId(ReadOnlySpan<byte> nalUnit) => ((nalUnit[0] & 1) << 5) | (nalUnit[1] >> 3);

    /// <summary>True for VCL NAL types (0..31): slice segments, whose header precedes slice data.</summary>
    public static bool IsVcl(int type) => type is >= 0 and <= 31;

    /// <summary>True for IRAP pictures (BLA, IDR, CRA: NAL types 16..23), the random access points.</summary>
    public static bool IsRandomAccessPoint(int type) => type is >= 16 and <= 23;

    /// <summary>True for reserved VCL types (10..15, 22..31), whose slice syntax is not defined.</summary>
    public static bool IsReservedVcl(int type) => type is (>= 10 and <= 15) or (>= 22 and <= 31);

    /// <summary>True for the types a single NAL unit RTP packet may carry (below the aggregation packet).</summary>
    public static bool IsSingleUnitPacketType(int type) => type < AggregationPacket;
}
