using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Interop;

/// <summary>
/// Ingest from the GStreamer RTSP server (an independent implementation): the access units must equal what
/// ffmpeg extracts with <c>-c copy</c> from the served clip, and carry UTC times from the server's RTCP.
/// </summary>
[Collection(GStreamerCollection.Name)]
public sealed class GStreamerInteropTests(GStreamerServerFixture server)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(RtspTransport.TcpInterleaved)]
    [InlineData(RtspTransport.Udp)]
    public async Task H264_and_AAC_units_equal_the_clip_and_follow_RTCP_time(RtspTransport transport)
    {
        var clip = Path.Combine(server.MediaDirectory, "h264.mp4");
        var ingest = new RtspIngest(new RtspIngestOptions(server.UriFor($"h264?cam={transport}")) { Transport = transport });
        var units = await IngestRun.CollectAsync(
            ingest,
            u => u.Count(x => x.Kind == MediaKind.Video && x.TimeSource == TimeSource.SenderReport) >= 10 &&
                 u.Count(x => x.Kind == MediaKind.Audio && x.TimeSource == TimeSource.SenderReport) >= 10,
            Generous);

        Assert.Equal([MediaCodec.H264, MediaCodec.Aac], ingest.Streams.Select(s => s.Codec));
        var video = units.Where(u => u.Kind == MediaKind.Video).ToList();
        var audio = units.Where(u => u.Kind == MediaKind.Audio).ToList();
        Assert.True(video[0].IsKeyframe, "the first emitted video unit must be a keyframe");
        Assert.True(ingest.Streams[0].ParameterSets.IsCompleteFor(MediaCodec.H264));
        Assert.Equal(48000, ingest.Streams[1].ClockRate);
        Assert.NotEmpty(ingest.Streams[1].AacConfig);

        var referenceSlices = (await ReferenceMedia.VideoNalsAsync(clip, "h264")).Where(IsH264Slice).ToList();
        CyclicMatch.AssertConsecutive(referenceSlices, video.SelectMany(u => u.Nals).Where(IsH264Slice).ToList(), "H.264 slices");
        CyclicMatch.AssertConsecutive(await ReferenceMedia.AacFramesAsync(clip), audio.Select(u => u.Nals.Single()).ToList(), "AAC frames");

        AssertTimesFollowSenderReports(video);
        AssertTimesFollowSenderReports(audio);
        var stats = ingest.GetStatistics();
        Assert.Equal(0, stats.LostPackets);
        Assert.Equal(0, stats.MalformedPackets);
        Assert.True(stats.SenderReports >= 2);
    }

    [Theory]
    [InlineData(RtspTransport.TcpInterleaved)]
    [InlineData(RtspTransport.Udp)]
    public async Task H265_and_AAC_units_equal_the_clip(RtspTransport transport)
    {
        var clip = Path.Combine(server.MediaDirectory, "h265.mp4");
        var ingest = new RtspIngest(new RtspIngestOptions(server.UriFor($"h265?cam={transport}")) { Transport = transport });
        var units = await IngestRun.CollectAsync(ingest, u => u.Count(x => x.Kind == MediaKind.Video) >= 40 && u.Count(x => x.Kind == MediaKind.Audio) >= 40, Generous);

        Assert.Equal(MediaCodec.H265, ingest.Streams[0].Codec);
        Assert.True(ingest.Streams[0].ParameterSets.IsCompleteFor(MediaCodec.H265));
        var video = units.Where(u => u.Kind == MediaKind.Video).ToList();
        Assert.True(video[0].IsKeyframe);
        var reference = (await ReferenceMedia.VideoNalsAsync(clip, "hevc")).Where(IsH265Slice).ToList();
        CyclicMatch.AssertConsecutive(reference, video.SelectMany(u => u.Nals).Where(IsH265Slice).ToList(), "H.265 slices");
        CyclicMatch.AssertConsecutive(await ReferenceMedia.AacFramesAsync(clip), units.Where(u => u.Kind == MediaKind.Audio).Select(u => u.Nals.Single()).ToList(), "AAC frames");
    }

    [Fact]
    public async Task H264_with_B_frames_and_G711_over_UDP_equal_the_clip()
    {
        var clip = Path.Combine(server.MediaDirectory, "bframes.mkv");
        var ingest = new RtspIngest(new RtspIngestOptions(server.UriFor("bframes?cam=interop")) { Transport = RtspTransport.Udp });
        var units = await IngestRun.CollectAsync(ingest, u => u.Count(x => x.Kind == MediaKind.Video) >= 60 && u.Count(x => x.Kind == MediaKind.Audio) >= 40, Generous);

        Assert.Equal([MediaCodec.H264, MediaCodec.Pcmu], ingest.Streams.Select(s => s.Codec));
        var video = units.Where(u => u.Kind == MediaKind.Video).ToList();
        var reference = (await ReferenceMedia.VideoNalsAsync(clip, "h264")).Where(IsH264Slice).ToList();
        CyclicMatch.AssertConsecutive(reference, video.SelectMany(u => u.Nals).Where(IsH264Slice).ToList(), "H.264 slices (B-frames)");

        // B-frames: presentation timestamps are not monotonic in transmission order, but unwrap continuously.
        Assert.Contains(video.Zip(video.Skip(1)), p => p.Second.RtpTimestamp < p.First.RtpTimestamp);

        var samples = units.Where(u => u.Kind == MediaKind.Audio).SelectMany(u => u.Nals.Single()).ToArray();
        var mulaw = await ReferenceMedia.MulawSamplesAsync(clip);
        var doubled = mulaw.Concat(mulaw).ToArray();
        Assert.True(doubled.AsSpan().IndexOf(samples.AsSpan(0, Math.Min(samples.Length, 4000))) >= 0, "G.711 samples are not a run of the clip's samples");
    }

    [Fact]
    public async Task Video_only_stream_over_TCP()
    {
        var ingest = new RtspIngest(new RtspIngestOptions(server.UriFor("video-only?cam=interop")));
        var units = await IngestRun.CollectAsync(ingest, u => u.Count >= 30, Generous);
        Assert.Single(ingest.Streams);
        Assert.All(units, u => Assert.Equal(MediaKind.Video, u.Kind));
        var reference = (await ReferenceMedia.VideoNalsAsync(Path.Combine(server.MediaDirectory, "video-only.mp4"), "h264")).Where(IsH264Slice).ToList();
        CyclicMatch.AssertConsecutive(reference, units.SelectMany(u => u.Nals).Where(IsH264Slice).ToList(), "H.264 slices");
        Assert.All(units.Zip(units.Skip(1)), p => Assert.Equal(3600, p.Second.RtpTimestamp - p.First.RtpTimestamp));
    }

    [Theory]
    [InlineData(RtspTransport.TcpInterleaved)]
    [InlineData(RtspTransport.Udp)]
    public async Task Digest_authentication_with_credentials_in_the_URI(RtspTransport transport)
    {
        var uri = new Uri($"rtsp://user:pass@127.0.0.1:{server.Port}/h264-auth");
        var ingest = new RtspIngest(new RtspIngestOptions(uri) { Transport = transport });
        var units = await IngestRun.CollectAsync(ingest, u => u.Count(x => x.Kind == MediaKind.Video) >= 5, Generous);
        Assert.True(units.First(u => u.Kind == MediaKind.Video).IsKeyframe);
    }

    [Fact]
    public async Task Wrong_password_is_refused_as_unauthorized()
    {
        var ingest = new RtspIngest(new RtspIngestOptions(server.UriFor("h264-auth")) { Credentials = new RtspCredentials("user", "wrong") });
        var error = await Assert.ThrowsAsync<RtspException>(() => ingest.RunAsync(CancellationToken.None));
        Assert.Equal(RtspFailure.Unauthorized, error.Failure);
        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_path_is_refused_as_not_found()
    {
        var ingest = new RtspIngest(new RtspIngestOptions(server.UriFor("no-such-camera")));
        var error = await Assert.ThrowsAsync<RtspException>(() => ingest.RunAsync(CancellationToken.None));
        Assert.Equal(RtspFailure.NotFound, error.Failure);
        await Assert.ThrowsAsync<RtspException>(async () => await ingest.AccessUnits.Completion);
    }

    private static bool IsH264Slice(byte[] nal) => H264Nal.IsSlice(H264Nal.Type(nal[0]));

    private static bool IsH265Slice(byte[] nal) => H265Nal.IsVcl(H265Nal.Type(nal[0]));

    private static void AssertTimesFollowSenderReports(List<CapturedUnit> units)
    {
        var mapped = units.Where(u => u.TimeSource == TimeSource.SenderReport).ToList();
        Assert.NotEmpty(mapped);
        var now = DateTime.UtcNow;
        foreach (var unit in mapped)
        {
            // Server and test share the machine clock, so SR-mapped times are close to now.
            Assert.InRange(unit.UtcTime, now.AddSeconds(-60), now.AddSeconds(5));
        }

        // Within a run of SR-mapped units, UTC advances exactly like the RTP clock (slewing is at most 1 %).
        var first = mapped[0];
        var last = mapped[^1];
        var rtpSeconds = (last.RtpTimestamp - first.RtpTimestamp) / (double)(first.Kind == MediaKind.Video ? 90000 : 48000);
        var utcSeconds = (last.UtcTime - first.UtcTime).TotalSeconds;
        Assert.InRange(utcSeconds, (rtpSeconds * 0.99) - 0.001, (rtpSeconds * 1.01) + 0.001);
    }
}
