namespace Nvr.Codecs.Cenc.Video;

/// <summary>PPS fields the H.265 slice segment header layout depends on (ITU-T H.265 7.3.2.3).</summary>
internal struct H265PpsFields
{
    public bool Known;
    public int SpsId;
    public bool DependentSliceSegmentsEnabled;
    public bool OutputFlagPresent;
    public int NumExtraSliceHeaderBits;
    public bool CabacInitPresent;
    public int NumRefIdxL0Default;
    public int NumRefIdxL1Default;
    public bool SliceChromaQpOffsetsPresent;
    public bool WeightedPred;
    public bool WeightedBipred;
    public bool TilesEnabled;
    public bool EntropyCodingSyncEnabled;
    public bool LoopFilterAcrossSlicesEnabled;
    public bool DeblockingFilterOverrideEnabled;
    public bool DeblockingFilterDisabled;
    public bool ListsModificationPresent;
    public bool SliceSegmentHeaderExtensionPresent;
    public bool ChromaQpOffsetListEnabled;
}
