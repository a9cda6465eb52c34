namespace Nvr.Codecs.Cenc.Video;

/// <summary>SPS fields the slice header layout depends on.</summary>
internal struct H264SpsFields
{
    public bool Known;
    public int ChromaFormatIdc;
    public bool SeparateColourPlane;
    public int Log2MaxFrameNum;
    public int PocType;
    public int Log2MaxPocLsb;
    public bool DeltaPicOrderAlwaysZero;
    public bool FrameMbsOnly;
}
