using Nvr.Codecs.Bitstream;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Tests.Support;
using Nvr.Codecs.Cenc.Video;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// H.265 slice segment header sizes measured by <see cref="H265SliceHeaderReader"/> against an independent judge:
/// ffmpeg's <c>trace_headers</c> bitstream filter, which prints the bit position of every slice header field, among
/// them the <c>alignment_bit_equal_to_one</c> that opens byte_alignment(); the header ends at the next byte boundary.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HevcSliceHeaderTests(HevcStreamsFixture media) : IClassFixture<HevcStreamsFixture>
{
    /// <summary>Syntax elements each stream must really exercise, so that the comparison means something.</summary>
    public static TheoryData<string, string[]> StreamsWithFeatures => new()
    {
        { "slices-bframes-weights-wpp", ["slice_segment_address", "entry_point_offset_minus1", "luma_weight_l1_flag", "delta_chroma_weight_l0", "collocated_ref_idx", "num_ref_idx_l1_active_minus1", "slice_sao_chroma_flag", "used_by_curr_pic_s1_flag"] },
        { "yuv444-nowpp-nosao", ["num_ref_idx_active_override_flag", "collocated_from_l0_flag", "collocated_ref_idx", "pps_cb_qp_offset"] },
        { "main10-opengop-slices", ["slice_segment_address", "entry_point_offset_minus1", "no_output_of_prior_pics_flag", "slice_pic_order_cnt_lsb"] },
    };

    [Theory]
    [MemberData(nameof(StreamsWithFeatures))]
    public void Every_slice_header_size_equals_ffmpeg_trace_headers(string name, string[] features)
    {
        string trace = File.ReadAllText(media.TracePath(name));
        foreach (string feature in features)
        {
            Assert.True(trace.Contains(" " + feature, StringComparison.Ordinal), $"{name}: x265 did not write {feature}; the stream does not test what it claims");
        }

        List<long> alignmentBits = TraceHeaders.SliceAlignmentBitPositions(trace);
        var reader = new H265SliceHeaderReader();
        int slice = 0;
        foreach (ReadOnlyMemory<byte> unit in NalUnitReader.SplitAnnexB(File.ReadAllBytes(media.StreamPath(name))))
        {
            ReadOnlySpan<byte> nal = unit.Span;
            reader.Learn(nal);
            if (!H265Nal.IsVcl(H265Nal.Type(nal[0])))
            {
                continue;
            }

            Assert.True(slice < alignmentBits.Count, $"{name}: more slices in the stream than in the trace");
            int expected = TraceHeaders.NalBytesFor(nal, (int)(alignmentBits[slice] / 8) + 1);
            Assert.True(reader.TryMeasure(nal, out int measured), $"{name}: slice {slice} (type {H265Nal.Type(nal[0])}) not measured");
            Assert.True(expected == measured, $"{name}: slice {slice} (type {H265Nal.Type(nal[0])}): header is {expected} NAL bytes per ffmpeg, we measured {measured}");
            slice++;
        }

        Assert.Equal(alignmentBits.Count, slice);
        Assert.True(slice >= 75, $"{name}: only {slice} slices");
        Assert.Equal(0, reader.UnmeasuredSlices);
    }

    /// <summary>
    /// Features x265 never writes (inter-RPS prediction in the SPS and in a slice header, long-term pictures, list
    /// modification, dependent slice segments, tiles, extension bytes, ...) in a hand-written stream; ffmpeg's own
    /// parser must accept it and be the judge of every header's end.
    /// </summary>
    [Fact]
    public async Task Hand_written_stream_with_inter_RPS_long_term_pictures_and_list_modification_matches_trace_headers()
    {
        TestTools.Require("ffmpeg");
        using var dir = new TempDirectory();
        List<byte[]> nals = SyntheticHevcStream.Build();
        string path = Path.Combine(dir.Path, "synthetic.265");
        File.WriteAllBytes(path, nals.SelectMany(n => new byte[] { 0, 0, 0, 1 }.Concat(n)).ToArray());
        ProcessResult traced = await TestTools.RunUncheckedAsync("ffmpeg",
            ["-nostdin", "-hide_banner", "-loglevel", "info", "-f", "hevc", "-i", path, "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"],
            TimeSpan.FromMinutes(2));
        Assert.True(traced.ExitCode == 0, traced.Describe());
        foreach (string feature in new[]
        {
            "inter_ref_pic_set_prediction_flag", "delta_idx_minus1", "short_term_ref_pic_set_idx", "lt_idx_sps", "poc_lsb_lt",
            "delta_poc_msb_cycle_lt", "list_entry_l0", "list_entry_l1", "dependent_slice_segment_flag", "slice_segment_address",
            "slice_segment_header_extension_data_byte", "collocated_ref_idx", "cabac_init_flag", "slice_beta_offset_div2",
            "entry_point_offset_minus1", "pic_output_flag", "slice_reserved_flag", "delta_chroma_weight_l0", "luma_offset_l1",
        })
        {
            Assert.True(traced.Error.Contains(" " + feature, StringComparison.Ordinal), $"ffmpeg's trace lacks {feature}:\n{traced.Error}");
        }

        List<long> alignmentBits = TraceHeaders.SliceAlignmentBitPositions(traced.Error);
        Assert.Equal(6, alignmentBits.Count);
        Assert.True(alignmentBits[^1] / 8 > 256, "the last synthetic header should exceed 256 bytes");
        var reader = new H265SliceHeaderReader();
        int slice = 0;
        foreach (byte[] nal in nals)
        {
            reader.Learn(nal);
            if (!H265Nal.IsVcl(H265Nal.Type(nal[0]))) continue;
            int expected = TraceHeaders.NalBytesFor(nal, (int)(alignmentBits[slice] / 8) + 1);
            Assert.True(reader.TryMeasure(nal, out int measured), $"synthetic slice {slice} not measured");
            Assert.True(expected == measured, $"synthetic slice {slice}: ffmpeg says {expected} header bytes, we measured {measured}");
            slice++;
        }

        Assert.Equal(0, reader.UnmeasuredSlices);
    }

    [Fact]
    public void Parameter_sets_from_the_hvcC_alone_are_enough_to_measure_every_slice()
    {
        List<ReadOnlyMemory<byte>> nals = NalUnitReader.SplitAnnexB(File.ReadAllBytes(media.StreamPath("slices-bframes-weights-wpp")));
        ReadOnlyMemory<byte> First(int type) => nals.First(n => H265Nal.Type(n.Span[0]) == type);
        var description = Nvr.Codecs.Fmp4.TrackDescription.ForH265(First(32), First(33), First(34));
        using CencTrackProtector protector = CencTrackProtector.ForTrack(EncryptionScheme.Cbcs, ContentKey.Parse(EncryptedSegmentFfmpegTests.KidA, EncryptedSegmentFfmpegTests.KeyA), description);

        var reader = new H265SliceHeaderReader();
        foreach (ReadOnlyMemory<byte> ps in DecoderConfigurationParameterSets.FromHvcC(description.CodecConfiguration)) reader.Learn(ps.Span);
        int slices = 0;
        foreach (ReadOnlyMemory<byte> n in nals.Where(n => H265Nal.IsVcl(H265Nal.Type(n.Span[0]))))
        {
            Assert.True(reader.TryMeasure(n.Span, out _), $"slice {slices} not measurable from the hvcC's parameter sets");
            slices++;
        }

        Assert.Equal(3, DecoderConfigurationParameterSets.FromHvcC(description.CodecConfiguration).Count);
        Assert.True(slices >= 300);
    }

    [Fact]
    public void Mapped_samples_keep_length_NAL_header_and_slice_header_clear_for_both_schemes()
    {
        List<ReadOnlyMemory<byte>> nals = NalUnitReader.SplitAnnexB(File.ReadAllBytes(media.StreamPath("slices-bframes-weights-wpp")));
        List<long> alignmentBits = TraceHeaders.SliceAlignmentBitPositions(File.ReadAllText(media.TracePath("slices-bframes-weights-wpp")));
        foreach (EncryptionScheme scheme in new[] { EncryptionScheme.Cenc, EncryptionScheme.Cbcs })
        {
            var reader = new H265SliceHeaderReader();
            int slice = 0;
            foreach (ReadOnlyMemory<byte> n in nals)
            {
                byte[] sample = [.. BigEndian(n.Length), .. n.Span];
                var plan = new FragmentEncryptionPlan();
                plan.AddSample(0, sample.Length, 0);
                Assert.True(NalSubsampleMapper.Map(sample, 4, MediaCodec.H265, scheme, plan, reader));
                SubsampleEntry e = Assert.Single(plan.GetSubsamples(0).ToArray());
                Assert.Equal(sample.Length, e.ClearBytes + (int)e.ProtectedBytes);
                if (!H265Nal.IsVcl(H265Nal.Type(n.Span[0])))
                {
                    Assert.Equal(0u, e.ProtectedBytes);
                    continue;
                }

                int header = TraceHeaders.NalBytesFor(n.Span, (int)(alignmentBits[slice++] / 8) + 1);
                Assert.True(e.ClearBytes >= 4 + header, $"{scheme} slice {slice}: {e.ClearBytes} clear bytes do not cover the {header}-byte header");
                if (scheme == EncryptionScheme.Cbcs)
                {
                    Assert.Equal(4 + header, e.ClearBytes); // cbcs: the protected range starts at the slice data
                }
                else
                {
                    Assert.Equal(0u, e.ProtectedBytes % 16);
                    Assert.True(e.ClearBytes - 4 - header < 16, "cenc moves less than one block of slice data into the clear");
                }
            }
        }
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
