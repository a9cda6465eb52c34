using Nvr.Pipeline.Media;
using Nvr.Recording.Session;

namespace Nvr.Recording.Tests.Unit;

/// <summary>The timeline stages on their own: the slew bound, a track's observed clock, the first-report wait.</summary>
public sealed class TimelineStageTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1_000, 40_000_000, 1_000)]         // 100 µs after 4 s: within 400 µs, applied whole
    [InlineData(10_000, 40_000_000, 4_000)]        // 1 ms after 4 s: 100 ppm of 4 s = 400 µs
    [InlineData(-10_000, 40_000_000, -4_000)]
    [InlineData(10_000, 0, 0)]                     // no media time since the last cut: nothing
    public void The_slew_is_the_error_within_the_ppm_bound_of_the_elapsed_media_time(long error, long elapsed, long expected)
    {
        var policy = new SlewPolicy(100, TimeSpan.FromMilliseconds(500));
        Assert.Equal(new ClockCorrection(false, expected), policy.Decide(error, elapsed));
    }

    [Fact]
    public void An_error_beyond_the_step_bound_is_a_step_not_a_slew()
    {
        var policy = new SlewPolicy(100, TimeSpan.FromMilliseconds(500));
        Assert.True(policy.Decide(TimeSpan.FromMilliseconds(501).Ticks, TimeSpan.FromHours(1).Ticks).Step);
        Assert.False(policy.Decide(TimeSpan.FromMilliseconds(500).Ticks, TimeSpan.FromHours(1).Ticks).Step);
    }

    [Fact]
    public void A_report_timed_reference_is_not_replaced_by_arrival_time_but_a_timeline_jump_forgets_it()
    {
        var clock = new TrackClock();
        clock.Observe(0, T0.AddMilliseconds(300), TimeSource.Arrival, 450_000);
        Assert.Equal(T0.AddMilliseconds(340), clock.UtcOf(3600, 90000));
        clock.Observe(90000, T0.AddSeconds(1), TimeSource.SenderReport, 450_000);
        clock.Observe(93600, T0.AddSeconds(5), TimeSource.Arrival, 450_000); // ignored: a report is better
        Assert.Equal(T0, clock.UtcOf(0, 90000));
        Assert.True(clock.FromSenderReport);

        clock.Observe(10_000_000, T0.AddHours(1), TimeSource.Arrival, 450_000); // a new RTP timeline
        Assert.False(clock.FromSenderReport);
        Assert.Equal(T0.AddHours(1), clock.UtcOf(10_000_000, 90000));
    }

    [Fact]
    public void The_first_report_wait_holds_until_every_track_seen_has_a_report_or_the_wait_is_over()
    {
        var video = new TrackLane(new RecordingTrack("V", MediaKind.Video), 0, 0) { Timescale = 90000 };
        var audio = new TrackLane(new RecordingTrack("A", MediaKind.Audio), 1, 0) { Timescale = 8000 };
        var wait = new FirstReportWait([video, audio], TimeSpan.FromSeconds(5));
        Assert.True(wait.Waiting);

        video.Clock.Observe(0, T0, TimeSource.Arrival, long.MaxValue);
        Assert.False(wait.Hold(video, null!, 0));
        audio.Clock.Observe(0, T0, TimeSource.Arrival, long.MaxValue);
        Assert.False(wait.Hold(audio, null!, 0));
        video.Clock.Observe(3600, T0, TimeSource.SenderReport, long.MaxValue);
        Assert.False(wait.Hold(video, null!, 3600)); // audio has no report yet
        audio.Clock.Observe(160, T0, TimeSource.SenderReport, long.MaxValue);
        Assert.True(wait.Hold(audio, null!, 160));
        Assert.False(wait.Waiting);
        Assert.Equal(4, wait.Count);
        Assert.True(wait.TryTake(out var first, out _, out long pts));
        Assert.Equal((video, 0L), (first, pts));

        // a new timeline (reconnection): its units are arrival-timed until its first report
        wait.Restart();
        video.Clock.Observe(1_000_000, T0, TimeSource.Arrival, 450_000);
        Assert.True(wait.Waiting);
        Assert.False(wait.Hold(video, null!, 1_000_000));
        Assert.True(wait.Hold(video, null!, 1_000_000 + 450_000)); // 5 s of video held without a report: arrival anchors
    }
}
