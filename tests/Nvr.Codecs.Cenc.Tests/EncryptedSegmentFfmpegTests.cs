using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Tests.Mp4;
using Nvr.Codecs.Cenc.Tests.Support;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// End to end: ffmpeg-made H.264/H.265 + AAC recorded by the real segment writer with our protector; ffmpeg decrypts
/// every segment (several fragments each) to exactly the frames of the same recording written in the clear.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EncryptedSegmentFfmpegTests(CencMediaFixture media) : IClassFixture<CencMediaFixture>
{
    internal const string KidA = "00112233445566778899aabbccddeeff";
    internal const string KeyA = "000102030405060708090a0b0c0d0e0f";
    internal const string KidB = "abba271e8bcf552bbd2e86a434a9a5d9";
    internal const string KeyB = "69eaa802a6763af979e8d1940fb88392";

    [Theory]
    [InlineData("CENC", false)]
    [InlineData("CBCS", false)]
    [InlineData("CENC", true)]
    [InlineData("CBCS", true)]
    public async Task Encrypted_segments_decrypt_with_ffmpeg_to_the_clear_frames(string mode, bool h265)
    {
        using var dir = new TempDirectory();
        ElementaryStreams es = h265 ? media.H265 : media.H264;
        var config = EncryptionConfiguration.Create([EncryptionEntry.FromOnvif(mode, KidA, TestPaths.Hex(KeyA), [])]);
        List<string> clear = SegmentRecorder.Record(es, EncryptionConfiguration.None, dir.Path, "clear", TimeSpan.FromSeconds(4));
        List<string> enc = SegmentRecorder.Record(es, config, dir.Path, "enc", TimeSpan.FromSeconds(4));
        Assert.True(enc.Count >= 2, "the clip should span several segments");
        Assert.Equal(clear.Count, enc.Count);
        for (int i = 0; i < enc.Count; i++)
        {
            byte[] bytes = File.ReadAllBytes(enc[i]);
            List<ProtectedTrackInfo> tracks = CencFileReader.ReadProtectedTracks(bytes);
            Assert.Equal(["encv", "enca"], tracks.Select(t => t.EntryType));
            Assert.All(tracks, t => Assert.Equal(mode.ToLowerInvariant(), t.Scheme));
            ProcessResult judged = await Judges.FfmpegAsync(enc[i], KeyA, clear[i]);
            Assert.True(judged.ExitCode == 0, $"segment {i}: " + judged.Describe());
            ProcessResult wrongKey = await Judges.FfmpegAsync(enc[i], KeyB, clear[i]);
            Assert.True(wrongKey.ExitCode != 0, $"segment {i} decrypted with a wrong key: it is not really encrypted");
        }
    }

    [Fact]
    public async Task Entry_for_the_video_track_leaves_audio_clear_and_vice_versa()
    {
        using var dir = new TempDirectory();
        List<string> clear = SegmentRecorder.Record(media.H264, EncryptionConfiguration.None, dir.Path, "clear", TimeSpan.FromSeconds(60));
        var videoOnly = EncryptionConfiguration.Create([EncryptionEntry.FromOnvif("CENC", KidA, TestPaths.Hex(KeyA), [SegmentRecorder.VideoToken])]);
        var audioOnly = EncryptionConfiguration.Create([EncryptionEntry.FromOnvif("CBCS", KidA, TestPaths.Hex(KeyA), [SegmentRecorder.AudioToken])]);
        string v = Assert.Single(SegmentRecorder.Record(media.H264, videoOnly, dir.Path, "v", TimeSpan.FromSeconds(60)));
        string a = Assert.Single(SegmentRecorder.Record(media.H264, audioOnly, dir.Path, "a", TimeSpan.FromSeconds(60)));

        Assert.Equal(["encv"], CencFileReader.ReadProtectedTracks(File.ReadAllBytes(v)).Select(t => t.EntryType));
        Assert.Equal(["enca"], CencFileReader.ReadProtectedTracks(File.ReadAllBytes(a)).Select(t => t.EntryType));
        // The unprotected track decodes without any key; the protected one does not.
        Assert.Equal(await Judges.FrameMd5Async(clear[0], "a", null), await Judges.FrameMd5Async(v, "a", null));
        Assert.Equal(await Judges.FrameMd5Async(clear[0], "v", null), await Judges.FrameMd5Async(a, "v", null));
        ProcessResult judgedV = await Judges.FfmpegAsync(v, KeyA, clear[0]);
        ProcessResult judgedA = await Judges.FfmpegAsync(a, KeyA, clear[0]);
        Assert.True(judgedV.ExitCode == 0, judgedV.Describe());
        Assert.True(judgedA.ExitCode == 0, judgedA.Describe());
    }

    [Fact]
    public async Task Two_entries_with_different_keys_on_two_tracks_both_decrypt()
    {
        using var dir = new TempDirectory();
        List<string> clear = SegmentRecorder.Record(media.H264, EncryptionConfiguration.None, dir.Path, "clear", TimeSpan.FromSeconds(60));
        var config = EncryptionConfiguration.Create(
        [
            EncryptionEntry.FromOnvif("CENC", KidA, TestPaths.Hex(KeyA), [SegmentRecorder.VideoToken]),
            EncryptionEntry.FromOnvif("CBCS", KidB, TestPaths.Hex(KeyB), [SegmentRecorder.AudioToken]),
        ]);
        string enc = Assert.Single(SegmentRecorder.Record(media.H264, config, dir.Path, "enc", TimeSpan.FromSeconds(60)));
        List<ProtectedTrackInfo> tracks = CencFileReader.ReadProtectedTracks(File.ReadAllBytes(enc));
        Assert.Equal([KidA, KidB], tracks.Select(t => Convert.ToHexStringLower(t.KeyId)));

        // ffmpeg takes one key per run: video with key A, audio with key B, each equal to the clear recording.
        Assert.Equal(await Judges.FrameMd5Async(clear[0], "v", null), await Judges.FrameMd5Async(enc, "v", KeyA));
        Assert.Equal(await Judges.FrameMd5Async(clear[0], "a", null), await Judges.FrameMd5Async(enc, "a", KeyB));
        List<string>? audioWithVideoKey = await Judges.TryFrameMd5Async(enc, "a", KeyA);
        Assert.True(audioWithVideoKey is null || !audioWithVideoKey.SequenceEqual(await Judges.FrameMd5Async(clear[0], "a", null)), "audio must need its own key B");
    }
}
