using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Tests.Mp4;
using Nvr.Codecs.Cenc.Video;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// cbcs keeps H.264 slice headers clear. Our subsample maps must equal those Shaka Packager wrote into the
/// reference cbcs file, sample by sample, when mapping the clear reference's samples (SPS/PPS from its avcC).
/// </summary>
[Trait("Category", "Unit")]
public sealed class SliceHeaderTests
{
    [Theory]
    [InlineData("sintel-h264-cbcs-1of9-packager.mp4", EncryptionScheme.Cbcs)]
    [InlineData("sintel-h264-cenc-packager.mp4", EncryptionScheme.Cenc)]
    public void Subsample_maps_equal_Shaka_Packagers_for_every_sintel_sample(string file, EncryptionScheme scheme)
    {
        byte[] clearFile = File.ReadAllBytes(TestPaths.Sample("sintel-h264-clear.mp4"));
        byte[] encFile = File.ReadAllBytes(TestPaths.Sample(file));
        List<byte[]> clear = CencFileReader.ReadClearSamples(clearFile);
        List<ProtectedTrackInfo> tracks = CencFileReader.ReadProtectedTracks(encFile);
        List<EncryptedSample> packaged = CencFileReader.ReadFragmentSamples(encFile, tracks);
        var reader = new H264SliceHeaderReader();
        foreach (byte[] ps in AvcCParameterSets(clearFile)) reader.Learn(ps);

        int differentFromHeaderOnly = 0;
        for (int i = 0; i < clear.Count; i++)
        {
            var plan = new FragmentEncryptionPlan();
            plan.AddSample(0, clear[i].Length, 0);
            Assert.True(NalSubsampleMapper.Map(clear[i], 4, MediaCodec.H264, scheme, plan, reader));
            (int, int)[] ours = plan.GetSubsamples(0).ToArray().Select(e => ((int)e.ClearBytes, (int)e.ProtectedBytes)).ToArray();
            Assert.True(packaged[i].Subsamples.SequenceEqual(ours),
                $"sample {i}: packager {string.Join(' ', packaged[i].Subsamples)} ours {string.Join(' ', ours)}");

            var headerOnly = new FragmentEncryptionPlan();
            headerOnly.AddSample(0, clear[i].Length, 0);
            NalSubsampleMapper.Map(clear[i], 4, MediaCodec.H264, scheme, headerOnly);
            if (!headerOnly.GetSubsamples(0).SequenceEqual(plan.GetSubsamples(0))) differentFromHeaderOnly++;
        }

        if (scheme == EncryptionScheme.Cbcs)
        {
            // Unrounded cbcs maps show every slice header; with cenc the block rounding mostly hides it.
            Assert.Equal(clear.Count, differentFromHeaderOnly);
        }
    }

    /// <summary>
    /// High profile (CABAC, B-slices, 8x8 transform) check: Shaka Packager's cenc maps of the DASH ClearKey sample keep
    /// each slice header clear and round the protected part down to whole blocks, so every slice NAL's clear part
    /// must equal length field + our measured header + the remainder to a block boundary.
    /// </summary>
    [Fact]
    public void High_profile_slice_headers_match_the_packagers_cenc_clear_ranges()
    {
        byte[] file = File.ReadAllBytes(TestPaths.Sample("dashclearkey-h264high-cenc-5frag.mp4"));
        List<ProtectedTrackInfo> tracks = CencFileReader.ReadProtectedTracks(file);
        List<EncryptedSample> samples = CencFileReader.ReadFragmentSamples(file, tracks);
        var reader = new H264SliceHeaderReader();
        foreach (byte[] ps in AvcCParameterSets(file)) reader.Learn(ps);
        int slices = 0;
        foreach (EncryptedSample s in samples)
        {
            ReadOnlySpan<byte> sample = file.AsSpan(s.Offset, s.Size);
            var expected = new List<(int, int)>();
            int pending = 0, pos = 0;
            while (pos < sample.Length)
            {
                int len = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(sample[pos..]);
                ReadOnlySpan<byte> nal = sample.Slice(pos + 4, len);
                reader.Learn(nal);
                if (H264Nal.IsSlice(H264Nal.Type(nal[0])))
                {
                    Assert.True(reader.TryMeasure(nal, out int header), $"slice at {s.Offset + pos} not measurable");
                    int prot = (len - header) & ~15;
                    expected.Add((pending + 4 + len - prot, prot));
                    pending = 0;
                    slices++;
                }
                else
                {
                    pending += 4 + len;
                }

                pos += 4 + len;
            }

            if (pending > 0) expected.Add((pending, 0));
            Assert.True(expected.SequenceEqual(s.Subsamples),
                $"sample at {s.Offset}: packager {string.Join(' ', s.Subsamples)} ours {string.Join(' ', expected)}");
        }

        Assert.True(slices >= 480, $"{slices} slices checked");
    }

    private static List<byte[]> AvcCParameterSets(byte[] file)
    {
        IsoBox stsd = IsoBoxes.Find(file, IsoBoxes.Root(file), "moov", "trak", "mdia", "minf", "stbl", "stsd")!.Value;
        IsoBox avcC = IsoBoxes.Find(file, IsoBoxes.Children(file, stsd)[0], "avcC")!.Value;
        var result = new List<byte[]>();
        int p = avcC.PayloadStart + 5;
        int sps = file[p++] & 0x1F;
        for (int i = 0; i < sps; i++) { int n = IsoBoxes.U16(file, p); result.Add(file.AsSpan(p + 2, n).ToArray()); p += 2 + n; }
        int pps = file[p++];
        for (int i = 0; i < pps; i++) { int n = IsoBoxes.U16(file, p); result.Add(file.AsSpan(p + 2, n).ToArray()); p += 2 + n; }
        return result;
    }
}
