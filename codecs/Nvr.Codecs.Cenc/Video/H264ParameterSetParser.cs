using Nvr.Codecs.Bitstream;
using Nvr.Codecs.H264;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>Reads the SPS/PPS fields (ITU-T H.264 7.3.2.1.1, 7.3.2.2) that decide the slice header layout.</summary>
internal static class H264ParameterSetParser
{
    /// <summary>Reads an SPS RBSP into its slot of <paramref name="table"/> (ids above 31 are ignored).</summary>
    public static void ParseSps(ref BitReader r, H264SpsSyntax?[] table)
    {
        H264SpsSyntax sps = H264SpsSyntax.Read(ref r);
        if (sps.Id <= 31)
        {
            table[sps.Id] = sps;
        }
    }

    public static void ParsePps(ref BitReader r, H264PpsFields[] table)
    {
        uint id = r.ReadUe();
        uint spsId = r.ReadUe();
        if (id > 255 || spsId > 31)
        {
            return;
        }

        var p = new H264PpsFields { Known = true, SpsId = (int)spsId };
        p.EntropyCodingMode = r.ReadFlag();
        p.BottomFieldPicOrderPresent = r.ReadFlag();
        p.SliceGroups = (int)r.ReadUe() + 1;
        if (p.SliceGroups > 1)
        {
            table[id] = default; // slice groups (FMO, Baseline only) are not handled: fall back for these slices.
            return;
        }

        p.NumRefIdxL0Default = (int)r.ReadUe() + 1;
        p.NumRefIdxL1Default = (int)r.ReadUe() + 1;
        p.WeightedPred = r.ReadFlag();
        p.WeightedBipredIdc = (int)r.ReadBits(2);
        r.ReadSe();
        r.ReadSe();
        r.ReadSe();
        p.DeblockingFilterControlPresent = r.ReadFlag();
        r.Skip(1);
        p.RedundantPicCntPresent = r.ReadFlag();
        table[id] = p;
    }
}
