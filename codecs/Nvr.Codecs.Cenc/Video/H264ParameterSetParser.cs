using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>Reads the SPS/PPS fields (ITU-T H.264 7.3.2.1.1, 7.3.2.2) that decide the slice header layout.</summary>
internal static class H264ParameterSetParser
{
    public static void ParseSps(ref BitReader r, H264SpsFields[] table)
    {
        int profile = (int)r.ReadBits(8);
        r.Skip(16);
        uint id = r.ReadUe();
        if (id > 31)
        {
            return;
        }

        var s = new H264SpsFields { Known = true, ChromaFormatIdc = 1 };
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            s.ChromaFormatIdc = (int)r.ReadUe();
            if (s.ChromaFormatIdc == 3)
            {
                s.SeparateColourPlane = r.ReadFlag();
            }

            r.ReadUe();
            r.ReadUe();
            r.Skip(1);
            if (r.ReadFlag())
            {
                int lists = s.ChromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++)
                {
                    if (r.ReadFlag())
                    {
                        SkipScalingList(ref r, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        s.Log2MaxFrameNum = (int)r.ReadUe() + 4;
        s.PocType = (int)r.ReadUe();
        if (s.PocType == 0)
        {
            s.Log2MaxPocLsb = (int)r.ReadUe() + 4;
        }
        else if (s.PocType == 1)
        {
            s.DeltaPicOrderAlwaysZero = r.ReadFlag();
            r.ReadSe();
            r.ReadSe();
            uint cycle = r.ReadUe();
            for (uint i = 0; i < cycle; i++)
            {
                r.ReadSe();
            }
        }

        r.ReadUe();
        r.Skip(1);
        r.ReadUe();
        r.ReadUe();
        s.FrameMbsOnly = r.ReadFlag();
        table[id] = s;
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

    private static void SkipScalingList(ref BitReader r, int size)
    {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++)
        {
            if (next != 0)
            {
                next = (last + r.ReadSe() + 256) % 256;
            }

            last = next == 0 ? last : next;
        }
    }
}
