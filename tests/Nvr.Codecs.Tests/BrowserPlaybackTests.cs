using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>
/// Our CMAF video (H.264) and audio (AAC) segments play in Debian's headless Chromium through Media Source Extensions
/// (tests/peers/verify-cenc-browser.sh; the content is clear, the ClearKey session it sets up is simply unused).
/// The peer page takes one codec per SourceBuffer, so a muxed MP4 (video + audio in one file) cannot be judged by it.
/// </summary>
public sealed class BrowserPlaybackTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private const string UnusedKid = "00112233445566778899aabbccddeeff";
    private readonly TempDirectory _temp = new("nvr-codecs-tests");

    private string Dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CmafVideoSegment_PlaysInChromium()
    {
        var output = new FileSegmentOutput(Dir);
        CmafSegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithVideo(media.H264, hevc: false, k => w!.AddSample(feeder.VideoDts[k], 0, feeder.VideoUnits[k].IsKey, feeder.Nals(k)));
        using (w = new CmafSegmentWriter(feeder.Video!, output))
        {
            w.SetUtcAnchor(0, StreamFeeder.T0);
            feeder.Run();
            w.Finish();
        }
        AssertPlays(output.Files[0], "video/mp4; codecs=\"avc1.64001F\"");
    }

    [Fact]
    public void CmafAudioSegment_PlaysInChromium()
    {
        var output = new FileSegmentOutput(Dir);
        CmafSegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithAac(media.H264Aac, (k, dts, frame) => w!.AddFrame(dts, frame));
        using (w = new CmafSegmentWriter(feeder.Audio!, output))
        {
            w.SetUtcAnchor(0, StreamFeeder.T0);
            feeder.Run();
            w.Finish();
        }
        AssertPlays(output.Files[0], output.Started[0].ContentType);
    }

    private static void AssertPlays(string file, string contentType)
    {
        ProcessResult r = TestTools.Run("bash", [TestTools.PeerScript("verify-cenc-browser.sh"), file, UnusedKid, UnusedKid, contentType], TimeSpan.FromMinutes(4));
        Assert.True(r.ExitCode == 0, $"Chromium did not play {file} ({contentType}): exit {r.ExitCode}\n{r.Output}\n{r.Error}");
    }
}
