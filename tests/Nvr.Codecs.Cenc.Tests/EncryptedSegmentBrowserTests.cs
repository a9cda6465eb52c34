using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Cenc.Tests.Support;
using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// The second judge: headless Chromium plays our encrypted segments through Media Source Extensions + EME ClearKey
/// (<c>tests/peers/verify-cenc-browser.sh</c>) with no MediaError, for both schemes; a wrong key must fail.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EncryptedSegmentBrowserTests(CencMediaFixture media) : IClassFixture<CencMediaFixture>
{
    [Theory]
    [InlineData("CENC")]
    [InlineData("CBCS")]
    public async Task Chromium_plays_encrypted_H264_segments_through_EME_ClearKey(string mode)
    {
        using var dir = new TempDirectory();
        var config = EncryptionConfiguration.Create(
            [EncryptionEntry.FromOnvif(mode, EncryptedSegmentFfmpegTests.KidA, TestPaths.Hex(EncryptedSegmentFfmpegTests.KeyA), [])]);
        string file = Assert.Single(SegmentRecorder.Record(media.H264, config, dir.Path, "enc", TimeSpan.FromSeconds(60), withAudio: false));
        string codecs = TrackDescription.ForH264(media.H264.FindNal(7), [media.H264.FindNal(8)]).CodecsParameter;
        string mime = $"video/mp4; codecs=\"{codecs}\"";

        ProcessResult played = await Judges.ChromiumAsync(file, EncryptedSegmentFfmpegTests.KidA, EncryptedSegmentFfmpegTests.KeyA, mime);
        Assert.True(played.ExitCode == 0, played.Describe());
        Assert.Contains("\"mediaError\": null", played.Output);

        ProcessResult wrong = await Judges.ChromiumAsync(file, EncryptedSegmentFfmpegTests.KidA, EncryptedSegmentFfmpegTests.KeyB, mime);
        Assert.True(wrong.ExitCode != 0, "Chromium played the file with a wrong key: " + wrong.Describe());
    }

    // The player page asks EME for one capability (video or audio), so audio is judged as its own CMAF track file.
    [Theory]
    [InlineData("CENC")]
    [InlineData("CBCS")]
    public async Task Chromium_plays_an_encrypted_AAC_track_through_EME_ClearKey(string mode)
    {
        using var dir = new TempDirectory();
        var config = EncryptionConfiguration.Create(
            [EncryptionEntry.FromOnvif(mode, EncryptedSegmentFfmpegTests.KidA, TestPaths.Hex(EncryptedSegmentFfmpegTests.KeyA), [])]);
        string file = SegmentRecorder.RecordAudioCmaf(media.H264, config, dir.Path, "audio");
        string clear = SegmentRecorder.RecordAudioCmaf(media.H264, EncryptionConfiguration.None, dir.Path, "clear");
        ProcessResult played = await Judges.ChromiumAsync(file, EncryptedSegmentFfmpegTests.KidA, EncryptedSegmentFfmpegTests.KeyA, "audio/mp4; codecs=\"mp4a.40.2\"");
        Assert.True(played.ExitCode == 0, played.Describe());
        Assert.Contains("\"mediaError\": null", played.Output);
        Assert.Equal(await Judges.FrameMd5Async(clear, "a", null), await Judges.FrameMd5Async(file, "a", EncryptedSegmentFfmpegTests.KeyA));
    }
}
