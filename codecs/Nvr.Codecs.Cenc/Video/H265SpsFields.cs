namespace Nvr.Codecs.Cenc.Video;

/// <summary>
/// SPS fields the H.265 slice segment header layout depends on (ITU-T H.265 7.3.2.2), including the short-term
/// reference picture sets with their delta POCs (needed to size inter-predicted sets and NumPicTotalCurr).
/// Arrays are allocated once per instance; a re-sent SPS is parsed into a spare instance and swapped in.
/// </summary>
internal sealed class H265SpsFields
{
    /// <summary>Sets the SPS can carry (0..64) plus one slot for a set coded in a slice header.</summary>
    public const int MaxRefPicSets = 65;

    /// <summary>Pictures per direction in one set (sps_max_dec_pic_buffering bound).</summary>
    public const int MaxPicsPerDirection = 16;

    private const int Stride = 2 * MaxPicsPerDirection;

    public bool Known;
    public int Id;
    public int ChromaArrayType;
    public bool SeparateColourPlane;
    public int SliceAddressBits;
    public int Log2MaxPocLsb;
    public int NumShortTermRefPicSets;
    public bool LongTermRefPicsPresent;
    public int NumLongTermRefPicsSps;
    public uint LongTermUsedByCurrSps;
    public bool TemporalMvpEnabled;
    public bool SampleAdaptiveOffsetEnabled;

    public readonly byte[] NumNegative = new byte[MaxRefPicSets];
    public readonly byte[] NumPositive = new byte[MaxRefPicSets];

    /// <summary>Delta POCs: S0 entries at [set * 32 + i], S1 entries at [set * 32 + 16 + i].</summary>
    public readonly int[] DeltaPoc = new int[MaxRefPicSets * Stride];

    /// <summary>used_by_curr_pic flags, laid out like <see cref="DeltaPoc"/>.</summary>
    public readonly bool[] UsedByCurr = new bool[MaxRefPicSets * Stride];

    public static int S0(int set, int i) => (set * Stride) + i;

    public static int S1(int set, int i) => (set * Stride) + MaxPicsPerDirection + i;

    public int NumDeltaPocs(int set) => NumNegative[set] + NumPositive[set];

    /// <summary>Pictures of short-term set <paramref name="set"/> used by the current picture.</summary>
    public int UsedByCurrCount(int set)
    {
        int n = 0;
        for (int i = 0; i < NumNegative[set]; i++)
        {
            n += UsedByCurr[S0(set, i)] ? 1 : 0;
        }

        for (int i = 0; i < NumPositive[set]; i++)
        {
            n += UsedByCurr[S1(set, i)] ? 1 : 0;
        }

        return n;
    }
}
