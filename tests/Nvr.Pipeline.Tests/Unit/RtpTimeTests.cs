using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RtpTimeTests
{
    private static readonly DateTime Arrival = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Unwrapping_crosses_the_32_bit_boundary_both_ways()
    {
        var u = new RtpTimestampUnwrapper();
        Assert.Equal(0xFFFF_FF00L, u.Unwrap(0xFFFF_FF00));
        Assert.Equal(0x1_0000_0100L, u.Unwrap(0x100));
        Assert.Equal(0x1_0000_0000L - 0x10, u.Unwrap(0xFFFF_FFF0));  // a B-frame slightly in the past
        Assert.Equal(0x2_0000_0000L + 5, new[] { 0x8000_0000u, 0xFFFF_0000u, 0x10000u, 0x8000_0000u, 0xFFFF_FFFFu, 5u }.Aggregate(0L, (_, t) => u.Unwrap(t)));
    }

    [Fact]
    public void NTP_conversion_round_trips()
    {
        var t = new DateTime(2026, 11, 22, 10, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567);
        Assert.InRange(RtcpSenderReport.FromNtp(RtcpSenderReport.ToNtp(t)).Ticks - t.Ticks, -1, 1);
        // 2036 NTP era boundary is far; 1900 epoch: seconds 3_976_000_000 ~ 2026.
        Assert.Equal(new DateTime(1900, 1, 1, 0, 0, 1, DateTimeKind.Utc), RtcpSenderReport.FromNtp(1UL << 32));
    }

    [Fact]
    public void Arrival_anchors_until_the_first_sender_report_then_the_report_rules()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        var clock = new RtpWallClock(90000, unwrapper);
        unwrapper.Unwrap(900000);
        Assert.Equal(Arrival, clock.ToUtc(900000, Arrival));
        Assert.Equal(Arrival.AddSeconds(1), clock.ToUtc(990000, Arrival.AddSeconds(5)));
        Assert.Equal(TimeSource.Arrival, clock.Source);

        var srTime = new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(srTime), 990000));
        Assert.Equal(TimeSource.SenderReport, clock.Source);
        Assert.Equal(srTime.AddSeconds(2), clock.ToUtc(990000 + 180000, Arrival));
    }

    [Fact]
    public void Small_disagreement_is_slewed_in_at_most_one_percent()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        var clock = new RtpWallClock(90000, unwrapper);
        var sr = new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);
        unwrapper.Unwrap(0);
        clock.ToUtc(0, Arrival);
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(sr), 0));

        // 10 s later the camera says its clock is 50 ms ahead of the RTP timeline.
        unwrapper.Unwrap(900000);
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(sr.AddSeconds(10.05)), 900000));
        var previous = clock.ToUtc(900000, Arrival);
        Assert.Equal(sr.AddSeconds(10), previous);
        for (var second = 1; second <= 10; second++)
        {
            var rtp = 900000L + (second * 90000);
            unwrapper.Unwrap((uint)rtp);
            var utc = clock.ToUtc(rtp, Arrival);
            var step = (utc - previous).TotalSeconds;
            Assert.InRange(step, 1.0, 1.0101);  // never backwards, never faster than 1 %
            previous = utc;
        }

        Assert.InRange((previous - sr.AddSeconds(20.05)).Ticks, -1, 1);  // NTP fractions round to a tick
        Assert.Equal(TimeSpan.Zero, clock.PendingCorrection);
    }

    [Fact]
    public void Large_disagreement_is_stepped()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        var clock = new RtpWallClock(8000, unwrapper);
        var sr = new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);
        unwrapper.Unwrap(0);
        clock.ToUtc(0, Arrival);
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(sr), 0));
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(sr.AddHours(1)), 8000));
        Assert.Equal(sr.AddHours(1).AddSeconds(1), clock.ToUtc(16000, Arrival));
    }

    [Fact]
    public void A_timeline_jump_between_reports_is_placed_at_its_arrival_with_the_senders_lead_until_the_next_report()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        var clock = new RtpWallClock(90000, unwrapper);
        var senderClock = Arrival.AddHours(-3).AddSeconds(0.2); // a camera whose clock is 3 h behind: a lead, not a jump
        unwrapper.Unwrap(0);
        clock.ToUtc(0, Arrival);
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(senderClock), 0));
        for (var second = 1; second <= 5; second++)
        {
            unwrapper.Unwrap((uint)(second * 90000));
            AssertTick(senderClock.AddSeconds(second), clock.ToUtc(second * 90000, Arrival.AddSeconds(second).AddMilliseconds(second % 2 * 300)));
        }

        // the camera's timestamps step one hour ahead with no report saying so
        long jumped = (6 * 90000L) + (3600L * 90000);
        unwrapper.Unwrap((uint)jumped);
        AssertTick(senderClock.AddSeconds(6), clock.ToUtc(jumped, Arrival.AddSeconds(6)));
        unwrapper.Unwrap((uint)(jumped + 90000));
        AssertTick(senderClock.AddSeconds(7), clock.ToUtc(jumped + 90000, Arrival.AddSeconds(7)));
        Assert.Equal(1, clock.Jumps);

        // the next report is taken as it is (here it says the jump was real: the camera's clock moved too)
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(senderClock.AddHours(1).AddSeconds(8)), (uint)(jumped + 180000)));
        unwrapper.Unwrap((uint)(jumped + 180000));
        AssertTick(senderClock.AddHours(1).AddSeconds(8), clock.ToUtc(jumped + 180000, Arrival.AddSeconds(8)));
        Assert.Equal(1, clock.Jumps);
    }

    [Fact]
    public void A_reader_that_stalled_and_reads_a_backlog_late_is_not_a_jump()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        var clock = new RtpWallClock(90000, unwrapper);
        unwrapper.Unwrap(0);
        clock.ToUtc(0, Arrival);
        clock.OnSenderReport(new RtcpSenderReport(1, RtcpSenderReport.ToNtp(Arrival), 0));
        Assert.Equal(Arrival, clock.ToUtc(0, Arrival));
        for (var frame = 1; frame <= 25 * 60; frame++)
        {
            // one minute of media read all at once, 60 s late
            var rtp = frame * 3600L;
            unwrapper.Unwrap((uint)rtp);
            AssertTick(Arrival.AddTicks(frame * TimeSpan.TicksPerSecond / 25), clock.ToUtc(rtp, Arrival.AddSeconds(61)));
        }

        Assert.Equal(0, clock.Jumps);
    }

    /// <summary>NTP fractions round to a tick.</summary>
    private static void AssertTick(DateTime expected, DateTime actual) =>
        Assert.True(Math.Abs((actual - expected).Ticks) <= 1, $"expected {expected:O}, got {actual:O}");

    [Fact]
    public void Sender_report_is_found_in_a_compound_packet()
    {
        var rr = new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 5 };
        var sr = new byte[28];
        new RtcpSenderReport(0xABCD, 0x1122334455667788, 0xCAFEBABE).WriteTo(sr);
        Assert.True(RtcpSenderReport.TryFind([.. rr, .. sr], out var found));
        Assert.Equal(new RtcpSenderReport(0xABCD, 0x1122334455667788, 0xCAFEBABE), found);
        Assert.False(RtcpSenderReport.TryFind(rr, out _));
        Assert.False(RtcpSenderReport.TryFind(sr.AsSpan(0, 20), out _));
    }
}
