using Nvr.Codecs.Bitstream;
using Nvr.Codecs.H264;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>
/// Measures the slice header of H.264 slice NAL units (ITU-T H.264 section 7.3.3) so that <c>cbcs</c> can leave it in
/// the clear, as ISO/IEC 23001-7 asks for pattern-encrypted AVC. Keeps the SPS/PPS fields the header layout depends
/// on, learned from parameter sets given up front or seen in-band. Allocation-free after construction; a slice whose
/// parameter sets are unknown, or that uses features not handled here (MVC, slice group change cycles), is reported
/// as not measurable and the caller falls back to leaving only the NAL header clear.
/// </summary>
public sealed class H264SliceHeaderReader : ISliceHeaderMeasurer
{
    private const int MaxHeaderBytes = 512;
    private long _unmeasured;
    private readonly H264SpsSyntax?[] _sps = new H264SpsSyntax?[32];
    private readonly H264PpsFields[] _pps = new H264PpsFields[256];

    /// <inheritdoc />
    public MediaCodec Codec => MediaCodec.H264;

    /// <summary>Learns parameter sets (SPS/PPS NAL units without start code or length; other types are ignored).</summary>
    public void Learn(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 2)
        {
            return;
        }

        int type = H264Nal.Type(nalUnit[0]);
        if (type is not (H264Nal.Sps or H264Nal.Pps))
        {
            return;
        }

        Span<byte> rbsp = stackalloc byte[Math.Min(nalUnit.Length, MaxHeaderBytes)];
        int n = NalUnitReader.ToRbsp(nalUnit[..rbsp.Length], rbsp);
        var r = new BitReader(rbsp[1..n]);
        try
        {
            if (type == H264Nal.Sps)
            {
                H264ParameterSetParser.ParseSps(ref r, _sps);
            }
            else
            {
                H264ParameterSetParser.ParsePps(ref r, _pps);
            }
        }
        catch (InvalidDataException)
        {
            // A truncated or exotic parameter set: slices referring to it stay unmeasured.
        }
    }

    /// <summary>
    /// Number of bytes at the start of <paramref name="nalUnit"/> (NAL header included, emulation-prevention bytes
    /// counted) that hold its slice header; false when it cannot be determined.
    /// </summary>
    public bool TryMeasure(ReadOnlySpan<byte> nalUnit, out int headerBytes)
    {
        headerBytes = 0;
        if (nalUnit.Length < 2 || !H264Nal.IsSlice(H264Nal.Type(nalUnit[0])))
        {
            return false;
        }

        Span<byte> rbsp = stackalloc byte[Math.Min(nalUnit.Length, MaxHeaderBytes)];
        int n = NalUnitReader.ToRbsp(nalUnit[..rbsp.Length], rbsp);
        var r = new BitReader(rbsp[1..n]);
        long bits;
        try
        {
            if (!SkipSliceHeader(ref r, nalUnit[0]))
            {
                return Unmeasured();
            }

            bits = ((long)(n - 1) * 8) - r.BitsLeft;
        }
        catch (InvalidDataException)
        {
            return Unmeasured();
        }

        // RBSP bytes (after the NAL header) holding the last header bit, mapped back to NAL bytes.
        int rbspBytes = 1 + (int)((bits + 7) >> 3);
        headerBytes = EmulationPrevention.NalOffset(nalUnit, rbspBytes);
        return headerBytes <= nalUnit.Length || Unmeasured();
    }

    /// <inheritdoc />
    public long UnmeasuredSlices => Interlocked.Read(ref _unmeasured);

    private bool Unmeasured()
    {
        Interlocked.Increment(ref _unmeasured);
        return false;
    }

    private bool SkipSliceHeader(ref BitReader r, byte nalHeader)
    {
        int nalType = H264Nal.Type(nalHeader);
        int nalRefIdc = H264Nal.RefIdc(nalHeader);
        r.ReadUe(); // first_mb_in_slice
        int sliceType = (int)(r.ReadUe() % 5); // P 0, B 1, I 2, SP 3, SI 4
        uint ppsId = r.ReadUe();
        if (ppsId > 255 || !_pps[ppsId].Known || _sps[_pps[ppsId].SpsId] is not { } s)
        {
            return false;
        }

        ref readonly H264PpsFields p = ref _pps[ppsId];

        if (s.SeparateColourPlane)
        {
            r.Skip(2);
        }

        r.Skip(s.Log2MaxFrameNum);
        bool field = false;
        if (!s.FrameMbsOnly)
        {
            field = r.ReadFlag();
            if (field)
            {
                r.Skip(1);
            }
        }

        if (nalType == H264Nal.Idr)
        {
            r.ReadUe();
        }

        if (s.PocType == 0)
        {
            r.Skip(s.Log2MaxPocLsb);
            if (p.BottomFieldPicOrderPresent && !field)
            {
                r.ReadSe();
            }
        }
        else if (s.PocType == 1 && !s.DeltaPicOrderAlwaysZero)
        {
            r.ReadSe();
            if (p.BottomFieldPicOrderPresent && !field)
            {
                r.ReadSe();
            }
        }

        if (p.RedundantPicCntPresent)
        {
            r.ReadUe();
        }

        bool isB = sliceType == 1, isP = sliceType is 0 or 3, isI = sliceType is 2 or 4;
        if (isB)
        {
            r.Skip(1);
        }

        int l0 = p.NumRefIdxL0Default, l1 = p.NumRefIdxL1Default;
        if (isP || isB)
        {
            if (r.ReadFlag())
            {
                l0 = (int)r.ReadUe() + 1;
                if (isB)
                {
                    l1 = (int)r.ReadUe() + 1;
                }
            }
        }

        if (!isI)
        {
            SkipRefPicListModification(ref r);
            if (isB)
            {
                SkipRefPicListModification(ref r);
            }
        }

        if ((p.WeightedPred && isP) || (p.WeightedBipredIdc == 1 && isB))
        {
            int chromaArrayType = s.SeparateColourPlane ? 0 : s.ChromaFormatIdc;
            r.ReadUe();
            if (chromaArrayType != 0)
            {
                r.ReadUe();
            }

            SkipWeights(ref r, l0, chromaArrayType != 0);
            if (isB)
            {
                SkipWeights(ref r, l1, chromaArrayType != 0);
            }
        }

        if (nalRefIdc != 0)
        {
            if (nalType == H264Nal.Idr)
            {
                r.Skip(2);
            }
            else if (r.ReadFlag())
            {
                uint op;
                do
                {
                    op = r.ReadUe();
                    if (op is 1 or 3) r.ReadUe();
                    if (op == 2) r.ReadUe();
                    if (op is 3 or 6) r.ReadUe();
                    if (op == 4) r.ReadUe();
                }
                while (op != 0);
            }
        }

        if (p.EntropyCodingMode && !isI)
        {
            r.ReadUe();
        }

        r.ReadSe(); // slice_qp_delta
        if (sliceType is 3 or 4)
        {
            if (sliceType == 3)
            {
                r.Skip(1);
            }

            r.ReadSe();
        }

        if (p.DeblockingFilterControlPresent && r.ReadUe() != 1)
        {
            r.ReadSe();
            r.ReadSe();
        }

        return true;
    }

    private static void SkipRefPicListModification(ref BitReader r)
    {
        if (!r.ReadFlag())
        {
            return;
        }

        uint idc;
        do
        {
            idc = r.ReadUe();
            if (idc <= 2) r.ReadUe();
        }
        while (idc != 3);
    }

    private static void SkipWeights(ref BitReader r, int count, bool chroma)
    {
        for (int i = 0; i < count; i++)
        {
            if (r.ReadFlag())
            {
                r.ReadSe();
                r.ReadSe();
            }

            if (chroma && r.ReadFlag())
            {
                r.ReadSe();
                r.ReadSe();
                r.ReadSe();
                r.ReadSe();
            }
        }
    }
}
