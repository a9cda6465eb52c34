using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Unit;

/// <summary>
/// Event recording (seed 5.3.4) on the session: gating, the pre-event ring, event windows. The video-only clip at
/// 25 frames/s with a key frame every second (frame n at Origin + n·40 ms, key frames at n = 0, 25, 50, …); the
/// session writes video 4 frames late (decode-time reconstruction), so after feeding n frames, frames up to n − 5
/// have reached the gate.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class EventGatingTests(MediaFixture media)
{
    private H264Clip Clip => H264Clip.Load(media.VideoOnlyAnnexB);

    private static DateTime At(double seconds) => ClipFeeder.Origin.AddSeconds(seconds);

    [Fact]
    public void Gated_WithoutAWindow_WritesNothing_HoldsThePreEventGops_AndTheTrackIsActive()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) });
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(5));
        feeder.Session.ProcessRequestsSynchronously();
        feeder.Feed(250);

        var stats = feeder.Session.GetStatistics();
        Assert.Empty(feeder.Sink.Order);
        Assert.Equal(0, stats.SamplesWritten);
        // frames 0..245 reached the gate; newest 9.8 s − 5 s = 4.8 s: held from the key frame at 4 s (frame 100)
        Assert.Equal(146, stats.HeldUnits);
        Assert.Equal(100, stats.PreEventUnitsReleased);
        Assert.True(stats.HeldBytes > 0);
        Assert.Equal(0, stats.PreEventGopsDropped);
        var status = Assert.Single(feeder.Statuses);
        Assert.Equal(TrackRecordingState.Active, status.State); // receiving and armed

        feeder.Stop();
        Assert.Empty(feeder.Sink.Order);
        Assert.Equal(0, feeder.Session.GetStatistics().HeldUnits);
    }

    [Fact]
    public async Task WindowFromFiveSecondsBefore_StartsAtTheNewestKeyFrameAtOrBeforeIt_AndEndsAfterUntil()
    {
        var clip = Clip;
        var feeder = new ClipFeeder(clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) });
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(5));
        feeder.Feed(250);
        DateTime eventUtc = At(9.3);
        DateTime until = eventUtc.AddSeconds(2); // After = 2 s
        feeder.Session.OpenEventWindow(eventUtc.AddSeconds(-5));
        feeder.Session.CloseEventWindow(until);
        feeder.Feed(125); // to 15 s
        feeder.Stop();

        // newest key frame at or before 4.3 s is the one at 4 s (frame 100); the next (5 s) is later
        Assert.True(clip.Frames[100 % clip.Frames.Count].IsKeyframe);
        var span = Assert.Single(feeder.Spans);
        Assert.Equal(SpanCloseReason.EventEnded, span.Reason);
        Assert.Equal(At(4), span.StartUtc);
        Assert.True(span.EndUtc >= until, $"span ends {span.EndUtc:O}, before {until:O}");
        Assert.Equal(At(12), span.EndUtc); // the first key frame at or after 11.3 s

        var keys = feeder.Keys();
        Assert.Equal([0, 1, 2, 3, 4], keys.Select(k => k.Counter));
        Assert.Equal([false, false, false, false, true], keys.Select(k => k.IsSpanEnd));
        Assert.Equal(At(4), keys[0].Time.UtcDateTime);
        Assert.Equal(At(12), keys[^1].Time.UtcDateTime); // the _end object at the end of the last sample
        for (int i = 1; i < feeder.Segments.Count; i++)
        {
            Assert.Equal(feeder.Segments[i - 1].EndUtc, feeder.Segments[i].StartUtc);
        }

        using var dir = new TempDirectory();
        var decoded = new List<string>();
        for (int i = 0; i < feeder.Segments.Count; i++)
        {
            string file = Path.Combine(dir.Path, $"seg{i}.mp4");
            await File.WriteAllBytesAsync(file, feeder.Sink.Objects[feeder.Segments[i].Key].Data);
            Assert.Equal(["h264:50"], await MediaJudge.ProbeCleanAsync(file));
            Assert.Equal("I", (await MediaJudge.VideoPictureTypesAsync(file))[0]);
            decoded.AddRange(await MediaJudge.VideoFrameMd5Async(file));
        }

        // the held and the live frames together are the source's frames 100..299, nothing lost, doubled or altered
        var source = await MediaJudge.VideoFrameMd5Async(media.VideoOnlyAnnexB);
        Assert.Equal(clip.Frames.Count, source.Count);
        Assert.Equal(200, decoded.Count);
        Assert.Equal(source[100 % source.Count], decoded[0]);
        MediaJudge.AssertContiguousRunOf(source, decoded);
    }

    [Fact]
    public async Task InstantEvent_RecordsAtLeastOneIFrame_AndClosesTheSpan()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) });
        feeder.Session.EnableEventGating(TimeSpan.Zero);
        feeder.Feed(60); // frames up to 55 (2.2 s) reached the gate: the GOP from 2 s is held
        DateTime instant = At(2.3);
        feeder.Session.OpenEventWindow(instant);
        feeder.Session.CloseEventWindow(instant);
        feeder.Feed(90);
        feeder.Stop();

        var span = Assert.Single(feeder.Spans);
        Assert.Equal((SpanCloseReason.EventEnded, At(2), At(3)), (span.Reason, span.StartUtc, span.EndUtc));
        var segment = Assert.Single(feeder.Segments);
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "instant.mp4");
        await File.WriteAllBytesAsync(file, feeder.Sink.Objects[segment.Key].Data);
        Assert.Equal(["h264:25"], await MediaJudge.ProbeCleanAsync(file));
        Assert.Equal("I", (await MediaJudge.VideoPictureTypesAsync(file))[0]);
        Assert.EndsWith(".1.mp4_end", feeder.Sink.Order[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void InstantEvent_WithNothingHeld_WaitsForAKeyFrame_AndRecordsOneGop()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) });
        feeder.Session.EnableEventGating(TimeSpan.Zero);
        feeder.Session.OpenEventWindow(At(0));
        feeder.Session.CloseEventWindow(At(0));
        feeder.Feed(100);
        feeder.Stop();

        var span = Assert.Single(feeder.Spans);
        Assert.Equal((SpanCloseReason.EventEnded, At(0), At(1)), (span.Reason, span.StartUtc, span.EndUtc));
    }

    [Fact]
    public void ReopenedBeforeTheAfterTimeRanOut_OneSpanContinues()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) });
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(1));
        feeder.Feed(100);
        feeder.Session.OpenEventWindow(At(3.6));   // from the key frame at 3 s
        feeder.Session.CloseEventWindow(At(4.4));  // would close at the key frame at 5 s
        feeder.Feed(10);                            // frames up to 105 (4.2 s) written
        feeder.Session.OpenEventWindow(At(4.3));   // a new event: the close is cancelled
        feeder.Session.CloseEventWindow(At(5.8));
        feeder.Feed(140);
        feeder.Stop();

        var span = Assert.Single(feeder.Spans);
        Assert.Equal((SpanCloseReason.EventEnded, At(3), At(6)), (span.Reason, span.StartUtc, span.EndUtc));
        Assert.Single(feeder.Keys(), k => k.IsSpanEnd);
    }

    [Fact]
    public void ClosedWindow_GoesBackToHolding_AndTheNextEventStartsWhereTheLastEnded()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) });
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(1));
        feeder.Feed(100);
        feeder.Session.OpenEventWindow(At(3.6));
        feeder.Session.CloseEventWindow(At(4.4));
        feeder.Feed(30); // closes at 5 s; the key frame at 5 s starts the held media
        Assert.Equal(SpanCloseReason.EventEnded, Assert.Single(feeder.Spans).Reason);
        int objects = feeder.Sink.Order.Count;
        feeder.Session.OpenEventWindow(At(4));
        feeder.Session.CloseEventWindow(At(5.5));
        feeder.Feed(50);
        feeder.Stop();

        Assert.Equal(2, feeder.Spans.Count);
        Assert.Equal((At(3), At(5)), (feeder.Spans[0].StartUtc, feeder.Spans[0].EndUtc));
        Assert.Equal((At(5), At(6)), (feeder.Spans[1].StartUtc, feeder.Spans[1].EndUtc)); // no gap, no overlap
        Assert.True(feeder.Sink.Order.Count > objects);
    }

    [Fact]
    public void DisableEventGating_ReleasesTheHeldUnits_AndReturnsToContinuousRecording()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) });
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(3));
        feeder.Feed(48);
        Assert.True(feeder.Session.GetStatistics().HeldUnits > 0);
        feeder.Session.DisableEventGating();
        feeder.Session.ProcessRequestsSynchronously();
        feeder.Feed(102); // to 6 s
        feeder.Stop();

        var stats = feeder.Session.GetStatistics();
        Assert.Equal(0, stats.HeldUnits);
        Assert.Equal(44, stats.PreEventUnitsReleased); // frames 0..43 were held when gating ended
        var span = Assert.Single(feeder.Spans);
        Assert.Equal((SpanCloseReason.Stopped, At(2)), (span.Reason, span.StartUtc)); // continuous from the next key frame
        Assert.Equal(2, feeder.Segments.Count);
    }

    [Fact]
    public void EnablingWhileRecording_ClosesTheSpan_AndWritesNothingMore()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) });
        feeder.Feed(60);
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(2));
        feeder.Session.ProcessRequestsSynchronously();
        var span = Assert.Single(feeder.Spans);
        Assert.Equal(SpanCloseReason.EventEnded, span.Reason);
        Assert.EndsWith("_end", feeder.Sink.Order[^1], StringComparison.Ordinal);
        int objects = feeder.Sink.Order.Count;
        feeder.Feed(100);
        feeder.Stop();

        Assert.Equal(objects, feeder.Sink.Order.Count);
        Assert.Single(feeder.Spans);
    }
}
