using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>Short-term reference picture sets (ITU-T H.265 7.3.7 syntax, 7.4.8 derivation of delta POCs).</summary>
internal static class H265RefPicSetParser
{
    /// <summary>
    /// st_ref_pic_set(<paramref name="idx"/>) (7.3.7), with the delta POCs of inter-predicted sets derived as in
    /// equations 7-61/7-62, stored in slot <paramref name="idx"/> of <paramref name="s"/>. A slice header's own set
    /// uses <paramref name="idx"/> = num_short_term_ref_pic_sets.
    /// </summary>
    public static void Parse(ref BitReader r, H265SpsFields s, int idx)
    {
        if (idx != 0 && r.ReadFlag())
        {
            long deltaIdx = idx == s.NumShortTermRefPicSets ? (long)r.ReadUe() + 1 : 1; // ue(v) up to 2^32-1: no int wrap
            if (deltaIdx > idx)
            {
                Throw("delta_idx_minus1 points before the first set");
            }

            int refIdx = idx - (int)deltaIdx;
            bool negative = r.ReadFlag();
            uint absMinus1 = r.ReadUe();
            if (absMinus1 >= 1 << 15)
            {
                Throw("abs_delta_rps_minus1 out of range");
            }

            int deltaRps = negative ? -(int)(absMinus1 + 1) : (int)(absMinus1 + 1);
            int refNeg = s.NumNegative[refIdx];
            int refTotal = s.NumDeltaPocs(refIdx);
            Span<bool> used = stackalloc bool[(2 * H265SpsFields.MaxPicsPerDirection) + 1];
            Span<bool> useDelta = stackalloc bool[(2 * H265SpsFields.MaxPicsPerDirection) + 1];
            for (int j = 0; j <= refTotal; j++)
            {
                used[j] = r.ReadFlag();
                useDelta[j] = used[j] || r.ReadFlag();
            }

            int i = 0;
            for (int j = s.NumPositive[refIdx] - 1; j >= 0; j--)
            {
                int d = s.DeltaPoc[H265SpsFields.S1(refIdx, j)] + deltaRps;
                if (d < 0 && useDelta[refNeg + j]) Add(s, idx, false, ref i, d, used[refNeg + j]);
            }

            if (deltaRps < 0 && useDelta[refTotal]) Add(s, idx, false, ref i, deltaRps, used[refTotal]);
            for (int j = 0; j < refNeg; j++)
            {
                int d = s.DeltaPoc[H265SpsFields.S0(refIdx, j)] + deltaRps;
                if (d < 0 && useDelta[j]) Add(s, idx, false, ref i, d, used[j]);
            }

            s.NumNegative[idx] = (byte)i;
            i = 0;
            for (int j = refNeg - 1; j >= 0; j--)
            {
                int d = s.DeltaPoc[H265SpsFields.S0(refIdx, j)] + deltaRps;
                if (d > 0 && useDelta[j]) Add(s, idx, true, ref i, d, used[j]);
            }

            if (deltaRps > 0 && useDelta[refTotal]) Add(s, idx, true, ref i, deltaRps, used[refTotal]);
            for (int j = 0; j < s.NumPositive[refIdx]; j++)
            {
                int d = s.DeltaPoc[H265SpsFields.S1(refIdx, j)] + deltaRps;
                if (d > 0 && useDelta[refNeg + j]) Add(s, idx, true, ref i, d, used[refNeg + j]);
            }

            s.NumPositive[idx] = (byte)i;
            return;
        }

        uint neg = r.ReadUe();
        uint pos = r.ReadUe();
        if (neg > H265SpsFields.MaxPicsPerDirection || pos > H265SpsFields.MaxPicsPerDirection)
        {
            Throw("more than 16 pictures in a short-term reference picture set");
        }

        int poc = 0;
        for (int i = 0; i < (int)neg; i++)
        {
            poc -= (int)Math.Min(r.ReadUe(), 1u << 15) + 1;
            Put(s, H265SpsFields.S0(idx, i), poc, r.ReadFlag());
        }

        poc = 0;
        for (int i = 0; i < (int)pos; i++)
        {
            poc += (int)Math.Min(r.ReadUe(), 1u << 15) + 1;
            Put(s, H265SpsFields.S1(idx, i), poc, r.ReadFlag());
        }

        s.NumNegative[idx] = (byte)neg;
        s.NumPositive[idx] = (byte)pos;
    }

    private static void Add(H265SpsFields s, int set, bool positive, ref int i, int deltaPoc, bool used)
    {
        if (i >= H265SpsFields.MaxPicsPerDirection)
        {
            Throw("inter-predicted reference picture set has more than 16 pictures in one direction");
        }

        Put(s, positive ? H265SpsFields.S1(set, i) : H265SpsFields.S0(set, i), deltaPoc, used);
        i++;
    }

    private static void Put(H265SpsFields s, int at, int deltaPoc, bool used)
    {
        s.DeltaPoc[at] = deltaPoc;
        s.UsedByCurr[at] = used;
    }

    private static void Throw(string what) => throw new InvalidDataException($"H.265 reference picture set: {what}.");
}
