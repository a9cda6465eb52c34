using Nvr.Recording.Tests.Support;
using Nvr.Storage.Keys;

namespace Nvr.Recording.Tests.Unit;

/// <summary>Spans, segments, keys and attributes from an in-process source (the video-only clip, 25 fps, GOP 1 s).</summary>
[Collection(MediaCollection.Name)]
public sealed class SessionSegmentTests(MediaFixture media)
{
    private H264Clip Clip => H264Clip.Load(media.VideoOnlyAnnexB);

    [Fact]
    public async Task Mp4_SegmentsRollAtKeyFrames_WithAnnexBKeys_NoGap_AndAnEndObject()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { Prefix = "site-2", Postfix = "camera-5", SegmentDuration = TimeSpan.FromSeconds(2) });
        feeder.Feed(250);
        feeder.Stop();

        Assert.Equal(
            [
                "site-2/2022-11-08/camera-5/15/08-23.547Z.0.mp4",
                "site-2/2022-11-08/camera-5/15/08-25.547Z.1.mp4",
                "site-2/2022-11-08/camera-5/15/08-27.547Z.2.mp4",
                "site-2/2022-11-08/camera-5/15/08-29.547Z.3.mp4",
                "site-2/2022-11-08/camera-5/15/08-31.547Z.4.mp4",
                "site-2/2022-11-08/camera-5/15/08-33.547Z.5.mp4_end",
            ],
            feeder.Sink.Order);
        for (int i = 1; i < feeder.Segments.Count; i++)
        {
            Assert.Equal(feeder.Segments[i - 1].EndUtc, feeder.Segments[i].StartUtc);
        }

        var span = Assert.Single(feeder.Spans);
        Assert.Equal(SpanCloseReason.Stopped, span.Reason);
        Assert.Equal(5, span.Segments);
        Assert.All(feeder.Keys(), k => Assert.Equal(SpanKind.Mp4, k.Kind));

        var first = feeder.Sink.Objects[feeder.Sink.Order[0]];
        Assert.StartsWith("video/mp4; codecs=\"avc1.", first.Metadata.ContentType, StringComparison.Ordinal);
        Assert.Equal("1.0", first.Metadata.Attributes.Version);
        Assert.Null(first.Metadata.Attributes.Duration); // may still change (override): given at completion
        Assert.Equal(TimeSpan.FromSeconds(2), first.FinalDuration);
        Assert.Equal(640, first.Metadata.Attributes.VideoWidth);
        Assert.Equal(360, first.Metadata.Attributes.VideoHeight);
        Assert.Equal(first.Metadata.ContentType, first.Metadata.Attributes.FullContentType);
        Assert.Equal("mfra", MediaJudge.TopLevelBoxes(first.Data)[^1]);
        Assert.Empty(feeder.Sink.Objects[feeder.Sink.Order[^1]].Data);

        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "seg.mp4");
        await File.WriteAllBytesAsync(file, first.Data);
        Assert.Equal(["h264:50"], await MediaJudge.ProbeCleanAsync(file));
        Assert.Equal(TrackRecordingState.Active, feeder.Statuses.First().State);
    }

    [Fact]
    public void The_first_span_starts_at_the_first_key_frame_at_or_after_the_previous_span_end()
    {
        var target = new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) };
        var unbounded = new ClipFeeder(Clip, target);
        unbounded.Feed(150);
        unbounded.Stop();
        var firstKeyFrame = unbounded.Segments[0].StartUtc;

        // the previous span ended 1.5 s into the clip: the key frames at 0 s and 1 s are media it already holds
        var bounded = new ClipFeeder(Clip, target, options: new RecordingSessionOptions { NotBeforeUtc = firstKeyFrame.AddSeconds(1.5) });
        bounded.Feed(150);
        bounded.Stop();
        Assert.Equal(firstKeyFrame.AddSeconds(2), bounded.Segments[0].StartUtc);
        Assert.Equal(unbounded.Segments[^1].EndUtc, bounded.Segments[^1].EndUtc);
        Assert.Equal(50, bounded.Session.GetStatistics().UnitsDiscarded); // 2 s of 25 fps video, counted
    }

    [Fact]
    public void Override_ClosesAtNextKeyFrame_ShrinksSegments_ThenRevertsAfterExpiry()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(4) });
        feeder.Feed(150); // 6 s
        feeder.Session.OverrideSegmentDuration(TimeSpan.FromSeconds(1), feeder.Time.GetUtcNow().AddSeconds(2.5));
        feeder.Feed(225); // to 15 s
        feeder.Stop();

        var durations = feeder.Segments.Select(s => (s.EndUtc - s.StartUtc).TotalSeconds).ToList();
        // [0,4) normal; [4,6) closed early at the key frame after the request; 1 s while the override lasts
        // (segments opened before 8.5 s); the segment opened at 9 s reverts to 4 s; the stop ends the last one
        Assert.Equal([4, 2, 1, 1, 1, 4, 2], durations);
    }

    [Fact]
    public void NewOverride_ReplacesTheOld_AndClearOverrideReverts()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(3) });
        feeder.Feed(50);
        feeder.Session.OverrideSegmentDuration(TimeSpan.FromSeconds(1), feeder.Time.GetUtcNow().AddHours(1));
        feeder.Feed(100); // 2..6 s
        feeder.Session.OverrideSegmentDuration(TimeSpan.FromSeconds(2), feeder.Time.GetUtcNow().AddHours(1));
        feeder.Feed(100); // 6..10 s
        feeder.Session.ClearOverride();
        feeder.Feed(150); // 10..16 s
        feeder.Stop();

        var durations = feeder.Segments.Select(s => (s.EndUtc - s.StartUtc).TotalSeconds).ToList();
        Assert.Equal([2, 1, 1, 1, 1, 2, 2, 3, 3], durations);
    }

    [Fact]
    public void SpanDuration_ClosesAllSpans_AndRestartsCounters()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2), SpanDuration = TimeSpan.FromSeconds(4) });
        feeder.Feed(250);
        feeder.Stop();

        var keys = feeder.Keys();
        Assert.Equal([0, 1, 2, 0, 1, 2, 0, 1], keys.Select(k => k.Counter));
        Assert.Equal([false, false, true, false, false, true, false, true], keys.Select(k => k.IsSpanEnd));
        Assert.Equal([SpanCloseReason.SpanDuration, SpanCloseReason.SpanDuration, SpanCloseReason.Stopped], feeder.Spans.Select(s => s.Reason));
        Assert.Equal(keys[2].Time, keys[3].Time); // the next span starts where the previous ended
    }

    [Fact]
    public void NewParameterSets_CloseTheSpan_AtTheNextKeyFrame()
    {
        var clip = Clip;
        var feeder = new ClipFeeder(clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) });
        feeder.Feed(60);
        feeder.Video.UpdateParameterSets(new Nvr.Pipeline.Media.ParameterSets(null, clip.Sps, [.. clip.Pps, 0x80]));
        feeder.Feed(40);
        feeder.Stop();

        Assert.Equal([SpanCloseReason.MovieChanged, SpanCloseReason.Stopped], feeder.Spans.Select(s => s.Reason));
        Assert.Equal(ClipFeeder.UtcOfFrame(75), feeder.Spans[0].EndUtc); // the first key frame after the change
        Assert.Equal(["15/08-23.547Z.0.mp4", "15/08-26.547Z.1.mp4_end", "15/08-26.547Z.0.mp4", "15/08-27.547Z.1.mp4_end"],
            feeder.Sink.Order.Select(k => k[(k.IndexOf('/') + 1)..]));
    }

    [Fact]
    public void CodecChangeOnATrack_IsAnIncompatibleStream()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget());
        feeder.Feed(30);
        feeder.Feed(5, MediaCodec.H265);
        feeder.Stop();

        var error = Assert.Single(feeder.Statuses, s => s.State == TrackRecordingState.Error);
        Assert.Equal(("VIDEO001", TrackErrorReasons.IncompatibleStream), (error.Track, error.Reason));
        Assert.True(feeder.Session.GetStatistics().UnitsDiscarded >= 5);
    }

    [Fact]
    public void Cmaf_WritesOneSpanPerTrackType_WithTheirContentTypes()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { Format = RecordingFormat.Cmaf, SegmentDuration = TimeSpan.FromSeconds(2) }, withAudio: true);
        feeder.Feed(100);
        feeder.Stop();

        var keys = feeder.Keys();
        Assert.Equal(2, keys.Count(k => k.IsSpanEnd));
        Assert.Contains(keys, k => k.Kind == SpanKind.CmafVideo && !k.IsSpanEnd);
        Assert.Contains(keys, k => k.Kind == SpanKind.CmafAudio && !k.IsSpanEnd);
        var video = feeder.Sink.Objects.Values.First(o => o.Metadata.Key.EndsWith(".m4v", StringComparison.Ordinal));
        var audio = feeder.Sink.Objects.Values.First(o => o.Metadata.Key.EndsWith(".m4a", StringComparison.Ordinal));
        Assert.StartsWith("video/mp4; codecs=\"avc1.", video.Metadata.ContentType, StringComparison.Ordinal);
        Assert.Equal("audio/mp4; codecs=\"ulaw\"", audio.Metadata.ContentType);
        Assert.Equal(8, audio.Metadata.Attributes.AudioSampleRate);
        Assert.Contains("ulaw", video.Metadata.Attributes.FullContentType, StringComparison.Ordinal);
        Assert.Equal(["ftyp", "moov"], MediaJudge.TopLevelBoxes(video.Data).Take(2));
    }

    [Fact]
    public void Reconfigure_WithANewPrefix_StartsANewSpan_DurationsApplyToTheNextSegment()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { Prefix = "a", SegmentDuration = TimeSpan.FromSeconds(2) });
        feeder.Feed(60);
        feeder.Session.Reconfigure(new RecordingTarget { Prefix = "b", SegmentDuration = TimeSpan.FromSeconds(1) });
        feeder.Feed(60);
        feeder.Stop();

        var keys = feeder.Keys();
        Assert.Equal(["a", "a", "a", "b", "b", "b"], keys.Select(k => k.Prefix)); // a: [0,2) [2,3) end; b from the key frame at 3 s: [3,4) [4,4.8) end
        Assert.Equal(SpanCloseReason.MovieChanged, feeder.Spans[0].Reason);
        var bSegments = feeder.Segments.Where(s => s.Key.StartsWith("b/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, bSegments.Count); // [3,4) and [4,4.8): only the last one may be shorter
        Assert.Equal(TimeSpan.FromSeconds(1), bSegments[0].EndUtc - bSegments[0].StartUtc);
    }

    [Fact]
    public void AudioArrivalJitter_DoesNotMakeConsecutiveSegmentsOverlap_BeyondOneAudioFrame()
    {
        // audio UTCs wander ±8 ms around their true time (their differences stay under the 20 ms re-anchoring
        // threshold): the cut must split the held audio on the mapping the segment bounds are reported with
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(1) }, withAudio: true)
        {
            AudioJitter = k => TimeSpan.FromMilliseconds(k == 0 ? 8 : (k % 3 - 1) * 8),
        };
        feeder.Feed(120);
        feeder.Stop();

        var segments = feeder.Segments.Where(s => s.Key.EndsWith(".mp4", StringComparison.Ordinal)).ToList();
        Assert.True(segments.Count >= 4, $"{segments.Count} segments");
        for (int i = 1; i < segments.Count; i++)
        {
            var (previous, next) = (segments[i - 1], segments[i]);
            Assert.True(next.StartUtc <= previous.EndUtc, $"gap {previous.EndUtc:O} -> {next.StartUtc:O}");
            Assert.True(previous.EndUtc - next.StartUtc <= TimeSpan.FromMilliseconds(20), $"segment {i}: overlap {previous.EndUtc:O} -> {next.StartUtc:O}");
        }
    }

    [Fact]
    public void Segments_carry_the_B9_channel_identifiers_and_the_span_average_audio_bitrate()
    {
        // G.711 at 8 kHz: 160 bytes per 20 ms = 64 kbit/s
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(1) }, withAudio: true);
        feeder.Feed(150);
        feeder.Stop();

        var segments = feeder.Sink.Order.Where(k => k.EndsWith(".mp4", StringComparison.Ordinal)).Select(k => feeder.Sink.Objects[k].Metadata.Attributes).ToList();
        Assert.True(segments.Count >= 4, $"{segments.Count} segments");
        Assert.All(segments, a => Assert.Equal(("VIDEO001", "AUDIO001"), (a.VideoChannel, a.AudioChannel)));
        Assert.All(segments.Skip(1), a => Assert.InRange(a.AudioBitrate ?? 0, 63, 66)); // fixed when each segment opens
    }
}
