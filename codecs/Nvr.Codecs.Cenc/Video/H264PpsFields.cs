namespace Nvr.Codecs.Cenc.Video;

/// <summary>PPS fields the slice header layout depends on.</summary>
internal struct H264PpsFields
{
    public bool Known;
    public int SpsId;
    public bool EntropyCodingMode;
    public bool BottomFieldPicOrderPresent;
    public int SliceGroups;
    public int NumRefIdxL0Default;
    public int NumRefIdxL1Default;
    public bool WeightedPred;
    public int WeightedBipredIdc;
    public bool DeblockingFilterControlPresent;
    public bool RedundantPicCntPresent;
}
