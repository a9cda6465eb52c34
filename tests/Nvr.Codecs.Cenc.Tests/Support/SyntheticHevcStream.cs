namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>
/// A hand-written H.265 stream (VPS, SPS, PPS, slices with filler slice data) using the slice header features libx265
/// never writes: SPS reference picture sets with inter-RPS prediction, a slice-coded inter-predicted set
/// (delta_idx_minus1), short_term_ref_pic_set_idx, long-term pictures from the SPS and from the slice, list
/// modification, dependent slice segments, tiles + WPP entry points, extra slice header bits, pic_output_flag,
/// cabac_init_flag, deblocking override, slice header extension bytes (up to 256, a header over 256 bytes). Only headers are meaningful: it is for
/// header parsers (ffmpeg trace_headers as judge), not for decoding.
/// </summary>
internal static class SyntheticHevcStream
{
    public static List<byte[]> Build()
    {
        var nals = new List<byte[]> { Vps(), Sps(), Pps() };
        // IDR picture: independent I slice segment + a dependent slice segment.
        nals.Add(IdrSlice());
        nals.Add(Slice(19, w => w.Flag(false).Flag(false).Ue(0).Flag(true).U(7, 64), ext: []));
        // P picture (TRAIL_R, POC 1): SPS set 1 (inter-predicted), long-term pictures, list modification, weights.
        nals.Add(PSlice(extensionBytes: 0));
        // B picture (TRAIL_N, POC 2): two independent slices with a slice-coded inter-predicted set.
        nals.Add(BSlice(first: true));
        nals.Add(BSlice(first: false));
        // Another P picture whose header (256 extension bytes) is longer than the reader's first unescaping window.
        nals.Add(PSlice(extensionBytes: 256));
        return nals;
    }

    private static byte[] Slice(int nalType, Action<RbspWriter> header, byte[] ext)
    {
        var w = new RbspWriter();
        header(w);
        w.Ue(0); // num_entry_point_offsets (tiles and WPP are on)
        w.Ue((uint)ext.Length).Bytes(ext);
        w.OneThenAlign();
        w.Bytes(Filler(40));
        return w.ToNal(nalType);
    }

    private static byte[] Vps()
    {
        var w = new RbspWriter();
        w.U(4, 0).Flag(true).Flag(true).U(6, 0).U(3, 0).Flag(true).U(16, 0xFFFF);
        ProfileTierLevel(w);
        w.Flag(true).Ue(4).Ue(2).Ue(0); // ordering info for the single sub-layer
        w.U(6, 0).Ue(0).Flag(false).Flag(false);
        return w.OneThenAlign().ToNal(32);
    }

    private static byte[] Sps()
    {
        var w = new RbspWriter();
        w.U(4, 0).U(3, 0).Flag(true);
        ProfileTierLevel(w);
        w.Ue(0).Ue(1); // sps id, 4:2:0
        w.Ue(256).Ue(128).Flag(false); // 256x128: with 16x16 CTBs 16x8 = 128 CTBs, 7-bit slice addresses
        w.Ue(0).Ue(0).Ue(4); // bit depths, log2_max_pic_order_cnt_lsb = 8
        w.Flag(true).Ue(4).Ue(2).Ue(0);
        w.Ue(0).Ue(1).Ue(0).Ue(1).Ue(0).Ue(0); // CB 8..16, TB 4..8, hierarchy depths
        w.Flag(false).Flag(false).Flag(true).Flag(false); // no scaling lists, no AMP, SAO on, no PCM
        w.Ue(4); // num_short_term_ref_pic_sets
        w.Ue(2).Ue(0).Ue(0).Flag(true).Ue(1).Flag(true); // set 0: {-1, -3}
        // set 1 predicted from set 0 with deltaRps -1: {-1, -2} used, -4 kept unused.
        w.Flag(true).Flag(true).Ue(0).Flag(true).Flag(false).Flag(true).Flag(true);
        w.Flag(false).Ue(1).Ue(1).Ue(0).Flag(true).Ue(0).Flag(true); // set 2: {-1, +1}
        // set 3 predicted from set 2 with deltaRps +1: -1+1 = 0 drops out although use_delta_flag is 1; {+1, +2}.
        w.Flag(true).Flag(false).Ue(0).Flag(false).Flag(true).Flag(true).Flag(true);
        w.Flag(true).Ue(2).U(8, 0x10).Flag(true).U(8, 0x20).Flag(false); // two long-term POCs in the SPS
        w.Flag(true).Flag(false).Flag(false).Flag(false); // temporal MVP, no strong intra smoothing, no VUI, no extension
        return w.OneThenAlign().ToNal(33);
    }

    private static byte[] Pps()
    {
        var w = new RbspWriter();
        w.Ue(0).Ue(0).Flag(true).Flag(true).U(3, 2).Flag(false).Flag(true); // dependent slices, output flag, 2 extra bits, cabac_init_present
        w.Ue(1).Ue(0).Se(0).Flag(false).Flag(false).Flag(false).Se(0).Se(0); // 2/1 default references
        w.Flag(true).Flag(true).Flag(true).Flag(false); // slice chroma QP offsets, weighted P and B
        w.Flag(true).Flag(true).Ue(1).Ue(1).Flag(true).Flag(true); // tiles 2x2 uniform + WPP
        w.Flag(true).Flag(true).Flag(true).Flag(false).Se(0).Se(0); // loop filter across slices, deblocking override enabled
        w.Flag(false).Flag(true).Ue(0).Flag(true).Flag(false); // lists modification, slice header extension
        return w.OneThenAlign().ToNal(34);
    }

    private static byte[] IdrSlice()
    {
        var w = new RbspWriter();
        w.Flag(true).Flag(false).Ue(0).U(2, 1).Ue(2).Flag(true); // first, no_output_of_prior_pics, pps, extra bits, I, pic_output
        w.Flag(true).Flag(false); // SAO luma only
        w.Se(3).Se(1).Se(-1); // qp delta, cb, cr
        w.Flag(true).Flag(false).Se(-1).Se(2); // deblocking override: enabled with offsets
        w.Flag(true); // loop filter across slices
        w.Ue(3).Ue(4).U(5, 7).U(5, 20).U(5, 31); // three entry points of 5 bits
        w.Ue(2).Bytes([0xAB, 0x00]); // header extension
        w.OneThenAlign().Bytes(Filler(64));
        return w.ToNal(19);
    }

    private static byte[] PSlice(int extensionBytes)
    {
        var w = new RbspWriter();
        w.Flag(true).Ue(0).U(2, 2).Ue(1).Flag(false).U(8, 1); // first, pps, extra bits, P, pic_output, POC lsb
        w.Flag(true).U(2, 1); // short_term_ref_pic_set_idx 1 (2 used)
        w.Ue(1).Ue(1).U(1, 0).Flag(false).U(8, 0x30).Flag(true).Flag(true).Ue(1); // LT: SPS #0 (used), coded (used) => NumPicTotalCurr 4
        w.Flag(true).Flag(false).Flag(false); // temporal MVP on, no SAO
        w.Flag(true).Ue(2); // override: 3 L0 references
        w.Flag(true).U(2, 3).U(2, 0).U(2, 2); // list_entry_l0 of 2 bits
        w.Flag(true).Ue(1); // cabac_init_flag, collocated_ref_idx
        w.Ue(6).Se(-1).U(3, 0b101).U(3, 0b010).Se(2).Se(-3).Se(1).Se(-2).Se(3).Se(0).Se(-5).Se(4); // pred_weight_table
        w.Ue(2).Se(-2).Se(0).Se(0).Flag(false).Flag(true); // merge cand, QPs, no override, loop filter across
        w.Ue(1).Ue(9).U(10, 300); // one entry point
        w.Ue((uint)extensionBytes).Bytes(Filler(extensionBytes)).OneThenAlign().Bytes(Filler(50));
        return w.ToNal(1);
    }

    private static byte[] BSlice(bool first)
    {
        var w = new RbspWriter();
        w.Flag(first).Ue(0);
        if (!first) w.Flag(false).U(7, 77); // independent slice segment at CTB 77
        w.U(2, 0).Ue(0).Flag(true).U(8, 2).Flag(false); // extra bits, B, pic_output, POC lsb, slice-coded set
        // inter-predicted from set 3 (delta_idx_minus1 = 0) with deltaRps -1: {-1} and {+1}, +1-1 = 0 drops out;
        // parsing it needs set 3's derived size (2 pictures, not 3).
        w.Flag(true).Ue(0).Flag(true).Ue(0).Flag(false).Flag(true).Flag(true).Flag(true);
        w.Ue(0).Ue(0).Flag(false); // no long-term pictures, temporal MVP off
        w.Flag(true).Flag(true); // SAO luma and chroma
        w.Flag(false); // default 2 L0 / 1 L1 references
        w.Flag(true).U(1, 1).U(1, 0).Flag(true).U(1, 0); // list modification of both lists, 1-bit entries
        w.Flag(false).Flag(true); // mvd_l1_zero, cabac_init
        w.Ue(3).Se(0).U(2, 0).U(2, 0b10).Se(1).Se(2).Se(-1).Se(-2); // L0 weights: chroma of ref 0
        w.U(1, 1).U(1, 0).Se(-4).Se(5); // L1 weights: luma of ref 0
        w.Ue(0).Se(1).Se(1).Se(-1).Flag(true).Flag(true).Flag(false); // merge, QPs, override: deblocking off, loop filter across
        w.Ue(2).Ue(15).U(16, 1000).U(16, 2000);
        w.Ue(1).Bytes([0x5A]).OneThenAlign().Bytes(Filler(30));
        return w.ToNal(0);
    }

    private static void ProfileTierLevel(RbspWriter w)
    {
        w.U(2, 0).Flag(false).U(5, 1).U(32, 0x60000000L); // Main, compatible with Main and Main 10
        w.Flag(true).Flag(false).Flag(false).Flag(true).U(43, 0).U(1, 0).U(8, 93);
    }

    private static byte[] Filler(int n)
    {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)(0x41 + (i * 7 % 50));
        return b;
    }
}
