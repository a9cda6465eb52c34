using Nvr.Recording.Tests.Support;
using Nvr.Storage.Keys;

namespace Nvr.Recording.Tests.Integration;

/// <summary><c>nvr record</c> against the GStreamer RTSP server, judged by ffprobe/ffmpeg and the key parser.</summary>
[Collection(MediaCollection.Name)]
public sealed class RecordCommandTests(MediaFixture media)
{
    [Theory]
    [InlineData("h264", "MP4", "h264.mp4", "tcp")]
    [InlineData("h264", "CMAF", "h264.mp4", "tcp")]
    [InlineData("h265", "MP4", "h265.mp4", "tcp")]
    [InlineData("bframes", "MP4", "bframes.mkv", "tcp")]
    [InlineData("video-only", "MP4", "video-only.mp4", "udp")]
    public async Task Record_WritesPlayableAnnexBSegments_WithoutGaps_WhoseFramesAreTheSource(string path, string format, string sourceClip, string transport)
    {
        using var dir = new TempDirectory();
        var run = await RecordRun.RunAsync(dir.Path, "--source", media.UriFor(path).ToString(), "--duration", "5", "--format", format,
            "--segment-duration", "PT2S", "--prefix", "site-2", "--postfix", "camera-5", "--transport", transport);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");

        var keys = run.Keys();
        Assert.All(keys, k => Assert.Equal(("site-2", "camera-5", 3), (k.Prefix, k.Postfix, k.FractionDigits)));
        var source = await MediaJudge.VideoFrameMd5Async(Path.Combine(media.MediaDirectory, sourceClip));
        foreach (var span in keys.GroupBy(k => k.Kind))
        {
            var segments = span.Where(k => !k.IsSpanEnd).ToList();
            var end = Assert.Single(span, k => k.IsSpanEnd);
            Assert.True(segments.Count >= 2, $"{span.Key}: {segments.Count} segments in 5 s of PT2S");
            Assert.Equal(Enumerable.Range(0, segments.Count).Select(i => (long)i), segments.Select(s => s.Counter));
            Assert.Equal(segments.Count, end.Counter);
            Assert.Equal(0, new FileInfo(run.PathOf(end)).Length);

            // B.3: no gap and no overlap between consecutive segments, on every track, judged against the media time line
            Assert.Empty(await SpanTimelineJudge.ViolationsAsync(segments.Select(k => (k.Key, k.Time.UtcDateTime, run.PathOf(k))).ToList(), (end.Key, end.Time.UtcDateTime)));

            var decoded = new List<string>();
            foreach (var segment in segments)
            {
                var streams = await MediaJudge.ProbeCleanAsync(run.PathOf(segment));
                Assert.NotEmpty(streams);
                var info = run.Info(segment);
                Assert.Equal("1.0", info.Attributes["Version"]);
                Assert.StartsWith(span.Key == SpanKind.CmafAudio ? "audio/mp4; codecs=\"" : "video/mp4; codecs=\"", info.ContentType, StringComparison.Ordinal);
                var boxes = MediaJudge.TopLevelBoxes(await File.ReadAllBytesAsync(run.PathOf(segment)));
                Assert.Equal(["ftyp", "moov", "moof", "mdat"], boxes.Take(4));
                if (span.Key == SpanKind.Mp4)
                {
                    Assert.Equal("mfra", boxes[^1]);
                }

                if (span.Key is SpanKind.Mp4 or SpanKind.CmafVideo)
                {
                    Assert.True(int.Parse(info.Attributes["VideoWidth"], System.Globalization.CultureInfo.InvariantCulture) > 0);
                    decoded.AddRange(await MediaJudge.VideoFrameMd5Async(run.PathOf(segment)));
                }
            }

            if (span.Key is SpanKind.Mp4 or SpanKind.CmafVideo)
            {
                // all segments together: a contiguous run of the looped source clip (nothing lost, doubled or altered)
                Assert.True(decoded.Count >= 100, $"{decoded.Count} frames decoded");
                MediaJudge.AssertContiguousRunOf(source, decoded);
            }
        }

        if (path == "bframes")
        {
            Assert.Contains(keys, k => k.Kind == SpanKind.Mp4);
            var streams = await MediaJudge.ProbeCleanAsync(run.PathOf(keys[0]));
            Assert.Contains(streams, s => s.StartsWith("pcm_mulaw:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Record_Encrypted_Cenc_DecryptsToTheSourceFrames()
    {
        const string key = "00112233445566778899aabbccddeeff";
        using var dir = new TempDirectory();
        var run = await RecordRun.RunAsync(dir.Path, "--source", media.UriFor("video-only").ToString(), "--duration", "3",
            "--segment-duration", "PT2S", "--encryption", "cenc", "--key", key, "--kid", "0123456789abcdef0123456789abcdef");
        Assert.True(run.ExitCode == 0, run.Error);
        var first = run.Keys().First(k => !k.IsSpanEnd);
        var bytes = await File.ReadAllBytesAsync(run.PathOf(first));
        Assert.True(bytes.AsSpan().IndexOf("encv"u8) > 0, "no encv sample entry");
        Assert.True(bytes.AsSpan().IndexOf("senc"u8) > 0, "no senc box");

        var source = await MediaJudge.VideoFrameMd5Async(Path.Combine(media.MediaDirectory, "video-only.mp4"));
        var decrypted = await MediaJudge.VideoFrameMd5Async(run.PathOf(first), "-fflags", "+ignidx", "-decryption_key", key);
        Assert.True(decrypted.Count >= 25);
        MediaJudge.AssertContiguousRunOf(source, decrypted);
    }

    [Fact]
    public async Task Record_FromAPortWithNoServer_FailsWithOneClearLine()
    {
        using var dir = new TempDirectory();
        var run = await RecordRun.RunAsync(dir.Path, "--source", $"rtsp://127.0.0.1:{TestTools.FreeTcpPort()}/h264", "--duration", "2");
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot record", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionFailed", line, StringComparison.Ordinal);
        Assert.Empty(run.Keys());
    }

    [Fact]
    public async Task Record_OfAnUnknownPath_ReportsThe404()
    {
        using var dir = new TempDirectory();
        var run = await RecordRun.RunAsync(dir.Path, "--source", media.UriFor("no-such-camera").ToString(), "--duration", "2");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("404", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_WithBadArguments_ExitsTwo()
    {
        using var dir = new TempDirectory();
        var run = await RecordRun.RunAsync(dir.Path, "--source", "http://x", "--duration", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rtsp://", run.Error, StringComparison.Ordinal);
    }
}
