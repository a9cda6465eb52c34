using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Video;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>Subsample maps of length-prefixed NAL samples (23001-7 section 9.5 / 10.x rules).</summary>
[Trait("Category", "Unit")]
public sealed class NalSubsampleMapperTests
{
    [Fact]
    public void H264_cenc_keeps_parameter_sets_and_NAL_headers_clear_and_protects_whole_blocks()
    {
        // SPS (10 bytes), PPS (4), IDR slice (1 header + 99 payload).
        byte[] sample = [.. Nal(0x67, 9), .. Nal(0x68, 3), .. Nal(0x65, 99)];
        (ushort, uint)[] map = Map(sample, MediaCodec.H264, EncryptionScheme.Cenc);
        // Clear: 4+10 + 4+4 + 4+1 + (99 % 16 = 3) = 30; protected 96 (6 blocks).
        Assert.Equal([(30, 96u)], map);
        Assert.Equal(sample.Length, map.Sum(e => e.Item1 + (int)e.Item2));
    }

    [Fact]
    public void H264_cbcs_without_known_parameter_sets_protects_from_after_the_NAL_header_and_leaves_partial_blocks_to_the_pattern()
    {
        byte[] sample = [.. Nal(0x09, 1), .. Nal(0x41, 40), .. Nal(0x41, 10)];
        (ushort, uint)[] map = Map(sample, MediaCodec.H264, EncryptionScheme.Cbcs);
        Assert.Equal([(4 + 2 + 4 + 1, 40u), (4 + 1, 10u)], map);
    }

    [Fact]
    public void H265_has_a_two_byte_NAL_header_and_VCL_types_0_to_31()
    {
        // VPS (type 32), IDR_W_RADL (type 19) with 2-byte headers.
        byte[] sample = [.. Nal(32 << 1, 20), .. Nal(19 << 1, 1 + 64)];
        (ushort, uint)[] map = Map(sample, MediaCodec.H265, EncryptionScheme.Cenc);
        Assert.Equal([(4 + 1 + 20 + 4 + 2, 64u)], map);
    }

    [Fact]
    public void Slices_shorter_than_a_block_stay_clear_in_cenc()
    {
        byte[] sample = [.. Nal(0x41, 15)];
        Assert.Equal([(20, 0u)], Map(sample, MediaCodec.H264, EncryptionScheme.Cenc));
    }

    [Fact]
    public void Clear_runs_over_65535_bytes_are_split_into_clear_only_entries()
    {
        byte[] sample = [.. Nal(0x06, 70_000), .. Nal(0x41, 32)];
        (ushort, uint)[] map = Map(sample, MediaCodec.H264, EncryptionScheme.Cenc);
        Assert.Equal([(ushort.MaxValue, 0u), ((ushort)(4 + 70_001 + 4 + 1 - ushort.MaxValue), 32u)], map);
    }

    [Fact]
    public void A_NAL_length_past_the_sample_end_is_reported_and_the_rest_is_protected_not_left_readable()
    {
        byte[] sample = [.. Nal(0x41, 32), 0x00, 0x00, 0x10, 0x00, 0x41, .. new byte[40]];
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, sample.Length, 0);
        Assert.False(NalSubsampleMapper.Map(sample, 4, MediaCodec.H264, EncryptionScheme.Cenc, plan));
        (ushort, uint)[] map = plan.GetSubsamples(0).ToArray().Select(e => (e.ClearBytes, e.ProtectedBytes)).ToArray();
        Assert.Equal([(5, 32u), (45 % 16, 32u)], map);
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc)]
    [InlineData(EncryptionScheme.Cbcs)]
    public void H264_slice_whose_header_cannot_be_measured_stays_wholly_clear_and_is_counted(EncryptionScheme scheme)
    {
        // an IDR slice before any SPS/PPS was seen: its header length is unknown, so none of it may be encrypted
        byte[] sample = Nal(0x65, 100);
        var reader = new H264SliceHeaderReader();
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, sample.Length, 0);
        Assert.True(NalSubsampleMapper.Map(sample, 4, MediaCodec.H264, scheme, plan, reader));
        Assert.Equal([((ushort)sample.Length, 0u)], plan.GetSubsamples(0).ToArray().Select(e => (e.ClearBytes, e.ProtectedBytes)));
        Assert.Equal(1, reader.UnmeasuredSlices);
    }

    private static (ushort, uint)[] Map(byte[] sample, MediaCodec kind, EncryptionScheme scheme)
    {
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, sample.Length, 0);
        Assert.True(NalSubsampleMapper.Map(sample, 4, kind, scheme, plan));
        return plan.GetSubsamples(0).ToArray().Select(e => (e.ClearBytes, e.ProtectedBytes)).ToArray();
    }

    /// <summary>A length-prefixed NAL unit: header byte(s) then <paramref name="payload"/> bytes (H.265: pass type&lt;&lt;1, payload includes the 2nd header byte).</summary>
    private static byte[] Nal(int header, int payload)
    {
        byte[] n = new byte[4 + 1 + payload];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(n, (uint)(1 + payload));
        n[4] = (byte)header;
        for (int i = 5; i < n.Length; i++) n[i] = 0xA5;
        return n;
    }
}
