using Nvr.Pipeline.Media;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Unit;

/// <summary>
/// The span timeline against a source clock that moves (synthetic RTCP): UTC of a sample is the span anchor plus media
/// time, slewed at segment cuts by at most 100 ppm of the media time since the previous cut; a step beyond 500 ms
/// opens a new span; the first anchor waits for a sender report. The clip: 25 fps, a key frame every second.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class SpanTimelineTests(MediaFixture media)
{
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxSlewPerSegment = TimeSpan.FromTicks(Segment.Ticks * 100 / 1_000_000); // 200 µs

    private H264Clip Clip => H264Clip.Load(media.VideoOnlyAnnexB);

    [Fact]
    public void A_clock_drifting_faster_than_the_slew_bound_is_followed_at_the_bound_without_a_gap_or_a_new_span()
    {
        // the camera's RTCP says its clock runs 300 ppm fast against its RTP clock
        var feeder = Feeder((n, utc) => (utc.AddTicks((utc - ClipFeeder.Origin).Ticks * 300 / 1_000_000), TimeSource.SenderReport));
        feeder.Feed(500);
        feeder.Stop();

        var segments = feeder.Segments;
        Assert.Single(feeder.Spans);
        Assert.True(segments.Count >= 9, $"{segments.Count} segments");
        AssertContiguous(segments);
        foreach (var segment in segments.Skip(1).SkipLast(1))
        {
            // each cut slews by the most allowed: the segment spans its 2 s of media plus 200 µs
            Assert.Equal(Segment + MaxSlewPerSegment, segment.EndUtc - segment.StartUtc);
        }
    }

    [Fact]
    public void An_RTCP_resync_by_30_ms_is_slewed_in_never_jumped()
    {
        var step = TimeSpan.FromMilliseconds(30);
        var feeder = Feeder((n, utc) => (n >= 100 ? utc + step : utc, TimeSource.SenderReport));
        feeder.Feed(1000);
        feeder.Stop();

        Assert.Single(feeder.Spans);
        AssertContiguous(feeder.Segments);
        foreach (var segment in feeder.Segments.SkipLast(1))
        {
            var slew = segment.EndUtc - segment.StartUtc - Segment;
            Assert.InRange(slew, TimeSpan.Zero, MaxSlewPerSegment);
        }

        // the cuts at 4 s, 6 s, … 38 s (18 of them) have moved the timeline by 18 × 200 µs towards the camera clock
        var last = feeder.Segments[^1];
        Assert.Equal(ClipFeeder.UtcOfFrame(950) + TimeSpan.FromTicks(MaxSlewPerSegment.Ticks * 18), last.StartUtc);
    }

    [Fact]
    public void A_clock_step_beyond_the_bound_closes_the_span_and_anchors_a_new_one_on_the_new_clock()
    {
        var step = TimeSpan.FromSeconds(2);
        var feeder = Feeder((n, utc) => (n >= 110 ? utc + step : utc, TimeSource.SenderReport));
        feeder.Feed(200);
        feeder.Stop();

        Assert.Equal([SpanCloseReason.SourceDiscontinuity, SpanCloseReason.Stopped], feeder.Spans.Select(s => s.Reason));
        Assert.Equal(ClipFeeder.UtcOfFrame(125), feeder.Spans[0].EndUtc); // the first span ends at the next key frame, on its own timeline
        var second = feeder.Segments.First(s => s.StartUtc > feeder.Spans[0].EndUtc);
        Assert.Equal(ClipFeeder.UtcOfFrame(125) + step, second.StartUtc);
        AssertContiguous(feeder.Segments.Where(s => s.StartUtc < feeder.Spans[0].EndUtc).ToList());
    }

    [Fact]
    public void The_first_anchor_waits_for_the_first_sender_report_and_times_the_held_units_by_it()
    {
        // before the report, units carry arrival time (300 ms late); the report comes with frame 30
        var late = TimeSpan.FromMilliseconds(300);
        var feeder = Feeder((n, utc) => n < 30 ? (utc + late, TimeSource.Arrival) : (utc, TimeSource.SenderReport));
        feeder.Feed(29);
        Assert.Equal(0, feeder.Session.GetStatistics().SamplesWritten); // held
        feeder.Feed(100);
        feeder.Stop();

        Assert.Equal(ClipFeeder.Origin, feeder.Segments[0].StartUtc);
        Assert.Single(feeder.Spans);
    }

    [Fact]
    public void Without_a_sender_report_the_wait_ends_after_five_seconds_of_media_and_arrival_time_anchors()
    {
        var late = TimeSpan.FromMilliseconds(300);
        var feeder = Feeder((n, utc) => (utc + late, TimeSource.Arrival));
        feeder.Feed(125); // frames 0 … 124: 4.96 s of media
        Assert.Equal(0, feeder.Session.GetStatistics().SamplesWritten);
        feeder.Feed(1);
        Assert.True(feeder.Session.GetStatistics().SamplesWritten > 0, "the wait did not end after 5 s of media");
        feeder.Feed(50);
        feeder.Stop();

        Assert.Equal(ClipFeeder.Origin + late, feeder.Segments[0].StartUtc);
        AssertContiguous(feeder.Segments);
    }

    private ClipFeeder Feeder(Func<int, DateTime, (DateTime, TimeSource)> clock, bool withAudio = false) =>
        new(Clip, new RecordingTarget { SegmentDuration = Segment }, withAudio: withAudio) { SourceClock = clock };

    /// <summary>B.3: each segment starts exactly where the previous one ended (same span).</summary>
    private static void AssertContiguous(IReadOnlyList<SegmentCompleted> segments)
    {
        for (int i = 1; i < segments.Count; i++)
        {
            Assert.Equal(segments[i - 1].EndUtc, segments[i].StartUtc);
        }
    }
}
