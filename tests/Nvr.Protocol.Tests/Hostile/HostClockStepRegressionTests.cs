using System.Buffers.Binary;
using System.Net;
using Nvr.Control.Notifications;
using Nvr.Codecs;
using Nvr.Control.Search;
using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;
using Nvr.Protocol.Security;
using Nvr.Storage.Retention;
using Nvr.Testing;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// One regression test per fault a wall-clock step of the host caused (issue 17 part 3), each on the component's own
/// interface with a <see cref="SteppableWallClock"/> (the wall clock steps, the monotonic clock and timers do not).
/// </summary>
public sealed class HostClockStepRegressionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Was: the deadlines of the RTSP keepalive and media watchdog were on the wall clock, so a step back by an hour held
    /// every keepalive back by an hour (the camera dropped the session after its timeout) and a step forward fired every
    /// deadline at once (watchdogs judged sessions before their timeout).
    /// </summary>
    [Fact]
    public async Task Session_deadlines_neither_stall_on_a_step_back_nor_fire_early_on_a_step_forward()
    {
        var clock = new SteppableWallClock();
        using var scheduler = new DeadlineScheduler(clock);
        var early = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Schedule(TimeSpan.FromMilliseconds(300), s => ((TaskCompletionSource)s!).TrySetResult(), early);
        clock.Step(TimeSpan.FromHours(-1));
        Assert.True(await Completes(early.Task), "a 300 ms deadline was held back by the step back");

        var late = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var soon = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Schedule(TimeSpan.FromMinutes(10), s => ((TaskCompletionSource)s!).TrySetResult(), late);
        clock.Step(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));
        scheduler.Schedule(TimeSpan.FromMilliseconds(300), s => ((TaskCompletionSource)s!).TrySetResult(), soon);
        Assert.True(await Completes(soon.Task), "a 300 ms deadline did not fire after the step forward");
        Assert.False(late.Task.IsCompleted, "a 10 min deadline fired at the step forward");
        Assert.Equal(1, scheduler.Pending);
    }

    /// <summary>
    /// Was: arrival time was the wall clock, and a step of it looked like the camera's timeline jumping
    /// (<see cref="RtpWallClock"/>: more than 30 s ahead of arrival), so media was re-anchored at the stepped clock
    /// and segments keyed an hour back (or two days ahead) until the camera's next sender report.
    /// </summary>
    [Fact]
    public void Media_keeps_the_cameras_time_when_the_host_clock_steps_between_sender_reports()
    {
        var clock = new SteppableWallClock();
        var sink = new TimeSink();
        var receiver = new RtpStreamReceiver(new StreamDescription { Index = 0, Kind = MediaKind.Audio, Codec = MediaCodec.Pcmu, EncodingName = "PCMU", PayloadType = 0, ClockRate = 8000 }, sink, clock);
        var camera = DateTime.UtcNow;
        receiver.OnRtp(Rtp(0, 0));
        receiver.OnRtcp(SenderReport(camera, 0));
        for (var i = 1; i <= 10; i++)
        {
            receiver.OnRtp(Rtp(i, (uint)(i * 160)));
        }

        clock.Step(TimeSpan.FromHours(-1));
        for (var i = 11; i <= 20; i++)
        {
            receiver.OnRtp(Rtp(i, (uint)(i * 160)));
        }

        clock.Step(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));
        for (var i = 21; i <= 30; i++)
        {
            receiver.OnRtp(Rtp(i, (uint)(i * 160)));
        }

        Assert.True(sink.Times.Count >= 25, $"{sink.Times.Count} units");
        Assert.Equal(0, receiver.Clock.Jumps);
        Assert.All(sink.Times, t => Assert.InRange(t, camera - TimeSpan.FromSeconds(1), camera + TimeSpan.FromSeconds(5)));
    }

    /// <summary>
    /// Was: MaximumRetentionTime counted from the wall clock, so a step forward by two days deleted two days of footage
    /// at once (a recording with PT1H retention lost everything). Now a forward step beyond the monotonic high-water
    /// mark is not followed (footage kept longer, reported once), a step back is followed, and a step forward that only
    /// takes a step back back is followed up to the mark.
    /// </summary>
    [Fact]
    public void Retention_time_does_not_follow_a_forward_step_of_the_wall_clock()
    {
        var clock = new SteppableWallClock();
        var retention = new RetentionClock(clock);
        AssertNear(DateTimeOffset.UtcNow, retention.Now(out var step));
        Assert.Equal(TimeSpan.Zero, step);

        clock.Step(TimeSpan.FromHours(-1));
        AssertNear(DateTimeOffset.UtcNow.AddHours(-1), retention.Now(out step)); // back: followed (deleting later is safe)
        Assert.Equal(TimeSpan.Zero, step);

        clock.Step(TimeSpan.FromHours(1) + TimeSpan.FromDays(2));
        AssertNear(DateTimeOffset.UtcNow, retention.Now(out step)); // the hour back is taken back, the two days are not
        Assert.Equal(TimeSpan.FromDays(2).TotalSeconds, step.TotalSeconds, 5.0);
        Assert.Equal(TimeSpan.FromDays(2).TotalSeconds, retention.Lag.TotalSeconds, 5.0);

        AssertNear(DateTimeOffset.UtcNow, retention.Now(out step)); // stays behind the wall clock, reported once
        Assert.Equal(TimeSpan.Zero, step);
        clock.Step(TimeSpan.FromDays(-2));
        AssertNear(DateTimeOffset.UtcNow, retention.Now(out step)); // the wall clock back to true: no lag any more
        Assert.Equal(TimeSpan.Zero, retention.Lag);
    }

    /// <summary>Was: PullMessages waited until a wall-clock deadline: a step back by an hour during the wait held the answer an hour.</summary>
    [Fact]
    public async Task A_pull_that_waits_across_a_step_back_answers_after_its_timeout()
    {
        var clock = new SteppableWallClock();
        using var broker = new NotificationBroker(NotificationLimits.Default, clock);
        var id = broker.Subscribe(SubscriptionKind.PullPoint, NotificationFilter.All, clock.GetUtcNow().AddMinutes(5))!.Id;
        var pull = broker.PullAsync(id, TimeSpan.FromSeconds(1), 10, CancellationToken.None); // waiting from here
        clock.Step(TimeSpan.FromHours(-1));
        Assert.True(await Completes(pull), "the pull was held by the step back");
        Assert.Empty((await pull).Messages);
    }

    /// <summary>
    /// Was: GetXxxSearchResults waited until a wall-clock deadline (held by a step back), and an idle search session
    /// expired at a wall-clock instant (kept for the step).
    /// </summary>
    [Fact]
    public async Task Search_waits_and_session_expiry_do_not_stretch_on_a_step_back()
    {
        var clock = new SteppableWallClock();
        using var sessions = new SearchSessions(clock);
        var waiting = sessions.Start<int>(TimeSpan.FromSeconds(30), null, (sink, stop) => Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default))!;
        var results = sessions.GetResultsAsync<int>(waiting, 1, 10, TimeSpan.FromSeconds(1)); // waiting from here
        clock.Step(TimeSpan.FromHours(-1));
        Assert.True(await Completes(results), "GetResults was held by the step back");

        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sessions.Start<int>(TimeSpan.FromSeconds(1), null, (sink, stop) =>
        {
            _ = stop.Register(() => removed.TrySetResult());
            return Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        clock.Step(TimeSpan.FromHours(-1)); // after its last touch: it must still expire 1 s after it
        Assert.True(await Completes(removed.Task), "the idle session (1 s keep-alive) was kept for the step back");
    }

    /// <summary>Was: the failure throttle measured its 15 min memory on the wall clock: a step forward forgot every failure.</summary>
    [Fact]
    public void Failed_logins_are_remembered_for_their_interval_whatever_the_wall_clock_does()
    {
        var clock = new SteppableWallClock();
        var throttle = new FailureThrottle(clock);
        for (var i = 0; i < FailureThrottle.FreeFailures + 1; i++)
        {
            throttle.Failed(IPAddress.Loopback);
        }

        clock.Step(TimeSpan.FromHours(1));
        Assert.Equal(FailureThrottle.FreeFailures + 1, throttle.FailuresOf(IPAddress.Loopback));
        Assert.Equal(FailureThrottle.DelayAfter(FailureThrottle.FreeFailures + 2), throttle.Failed(IPAddress.Loopback));
        clock.Step(TimeSpan.FromHours(-2));
        throttle.Succeeded(IPAddress.Loopback);
        Assert.Equal(0, throttle.FailuresOf(IPAddress.Loopback));
    }

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.InRange(actual, expected - TimeSpan.FromSeconds(5), expected + TimeSpan.FromSeconds(5));

    private static async Task<bool> Completes(Task task) => await Task.WhenAny(task, Task.Delay(Wait)) == task;

    private static byte[] Rtp(int sequence, uint timestamp)
    {
        var packet = new byte[12 + 160];
        packet[0] = 0x80;
        packet[1] = 0x80; // marker, payload type 0 (PCMU)
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234);
        packet.AsSpan(12).Fill(0xFF);
        return packet;
    }

    private static byte[] SenderReport(DateTime utc, uint rtp)
    {
        var report = new byte[28];
        new RtcpSenderReport(0x1234, RtcpSenderReport.ToNtp(utc), rtp).WriteTo(report);
        return report;
    }

    private sealed class TimeSink : IAccessUnitSink
    {
        public List<DateTime> Times { get; } = [];

        public void OnAccessUnit(AccessUnit unit)
        {
            Times.Add(unit.UtcTime);
            unit.Release();
        }
    }
}
