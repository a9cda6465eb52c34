using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Tests.Mp4;
using Nvr.Codecs.Cenc.Tests.Support;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// ONVIF B.8: an individual IV per segment, a key+IV pair never reused; reconfiguration applies from the next segment.
/// Read from the written files (tenc / senc), not from the encryptor's state.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SegmentIvTests(CencMediaFixture media) : IClassFixture<CencMediaFixture>
{
    [Fact]
    public void Cenc_never_reuses_a_counter_block_across_samples_segments_or_recordings()
    {
        using var dir = new TempDirectory();
        var config = EncryptionConfiguration.Create(
            [EncryptionEntry.FromOnvif("CENC", EncryptedSegmentFfmpegTests.KidA, TestPaths.Hex(EncryptedSegmentFfmpegTests.KeyA), [])]);
        var files = new List<string>();
        files.AddRange(SegmentRecorder.Record(media.H264, config, dir.Path, "first", TimeSpan.FromSeconds(2)));
        files.AddRange(SegmentRecorder.Record(media.H264, config, dir.Path, "again", TimeSpan.FromSeconds(2)));
        Assert.True(files.Count >= 8, $"expected several segments, got {files.Count}");

        // The 8-byte IV is the upper half of every counter block of its sample (the block counter the lower half),
        // so distinct IVs over all samples of all segments mean no counter block is used twice with the key.
        var seen = new HashSet<ulong>();
        var segmentFirstIvs = new List<ulong>();
        int samples = 0;
        foreach (string f in files)
        {
            byte[] bytes = File.ReadAllBytes(f);
            List<ProtectedTrackInfo> tracks = CencFileReader.ReadProtectedTracks(bytes);
            Assert.All(tracks, t => Assert.Equal(8, t.PerSampleIvSize));
            List<EncryptedSample> all = CencFileReader.ReadFragmentSamples(bytes, tracks);
            segmentFirstIvs.Add(Convert.ToUInt64(Convert.ToHexString(all[0].Iv), 16));
            foreach (EncryptedSample s in all)
            {
                Assert.Equal(8, s.Iv.Length);
                Assert.True(seen.Add(Convert.ToUInt64(Convert.ToHexString(s.Iv), 16)), $"IV reused in {Path.GetFileName(f)}");
                samples++;
            }
        }

        Assert.True(samples > 700, $"only {samples} samples checked");
        Assert.Equal(segmentFirstIvs.Count, segmentFirstIvs.Distinct().Count());
    }

    [Fact]
    public void Cbcs_draws_a_fresh_constant_IV_for_every_segment()
    {
        using var dir = new TempDirectory();
        var config = EncryptionConfiguration.Create(
            [EncryptionEntry.FromOnvif("CBCS", EncryptedSegmentFfmpegTests.KidA, TestPaths.Hex(EncryptedSegmentFfmpegTests.KeyA), [])]);
        List<string> files = SegmentRecorder.Record(media.H264, config, dir.Path, "seg", TimeSpan.FromSeconds(2));
        var ivs = new List<string>();
        foreach (string f in files)
        {
            List<ProtectedTrackInfo> tracks = CencFileReader.ReadProtectedTracks(File.ReadAllBytes(f));
            Assert.Equal(2, tracks.Count);
            Assert.Equal((1, 9), (tracks[0].CryptByteBlock, tracks[0].SkipByteBlock));
            Assert.Equal((0, 0), (tracks[1].CryptByteBlock, tracks[1].SkipByteBlock));
            ivs.AddRange(tracks.Select(t => Convert.ToHexString(t.ConstantIv)));
            Assert.All(tracks, t => Assert.Equal(16, t.ConstantIv.Length));
        }

        Assert.True(files.Count >= 4);
        Assert.Equal(ivs.Count, ivs.Distinct().Count());
    }

    [Fact]
    public async Task Reconfiguring_the_key_applies_from_the_next_segment_while_the_open_one_keeps_the_old_key()
    {
        using var dir = new TempDirectory();
        var config = EncryptionConfiguration.Create(
            [EncryptionEntry.FromOnvif("CENC", EncryptedSegmentFfmpegTests.KidA, TestPaths.Hex(EncryptedSegmentFfmpegTests.KeyA), [])]);
        List<string> clear = SegmentRecorder.Record(media.H264, EncryptionConfiguration.None, dir.Path, "clear", TimeSpan.FromSeconds(4), withAudio: false);
        ContentKey keyB = ContentKey.Parse(EncryptedSegmentFfmpegTests.KidB, EncryptedSegmentFfmpegTests.KeyB);

        // Segment 0 = frames 0..99 (4 s at 25 fps); reconfigure in the middle of it, at frame 60.
        List<string> enc = SegmentRecorder.Record(media.H264, config, dir.Path, "enc", TimeSpan.FromSeconds(4), withAudio: false,
            (frame, protectors) =>
            {
                if (frame == 60) protectors[0].Reconfigure(EncryptionScheme.Cbcs, keyB);
            });
        Assert.True(enc.Count >= 2);
        ProtectedTrackInfo first = Assert.Single(CencFileReader.ReadProtectedTracks(File.ReadAllBytes(enc[0])));
        ProtectedTrackInfo second = Assert.Single(CencFileReader.ReadProtectedTracks(File.ReadAllBytes(enc[1])));
        Assert.Equal(("cenc", EncryptedSegmentFfmpegTests.KidA), (first.Scheme, Convert.ToHexStringLower(first.KeyId)));
        Assert.Equal(("cbcs", EncryptedSegmentFfmpegTests.KidB), (second.Scheme, Convert.ToHexStringLower(second.KeyId)));
        ProcessResult j0 = await Judges.FfmpegAsync(enc[0], EncryptedSegmentFfmpegTests.KeyA, clear[0], videoOnly: true);
        ProcessResult j1 = await Judges.FfmpegAsync(enc[1], EncryptedSegmentFfmpegTests.KeyB, clear[1], videoOnly: true);
        Assert.True(j0.ExitCode == 0, j0.Describe());
        Assert.True(j1.ExitCode == 0, j1.Describe());
    }
}
