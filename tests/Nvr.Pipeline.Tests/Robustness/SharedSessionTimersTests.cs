using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Robustness;

/// <summary>
/// The keepalive and media-watchdog deadlines of many sessions share one timer (<see cref="DeadlineScheduler"/>), and
/// on virtual time each still fires exactly at its bound: the number of timers does not grow with the cameras.
/// </summary>
public sealed class SharedSessionTimersTests
{
    private const string Sdp = "v=0\r\ns=x\r\nm=audio 0 RTP/AVP 0\r\na=control:track1\r\n";

    [Fact]
    public void Many_deadlines_use_one_timer_and_each_fires_when_due()
    {
        var time = new CountingTimeProvider();
        using var scheduler = new DeadlineScheduler(time);
        var fired = new List<int>();
        for (var i = 10; i >= 1; i--)
        {
            var n = i;
            scheduler.Schedule(TimeSpan.FromSeconds(n), _ => fired.Add(n), null);
        }

        var cancelled = scheduler.Schedule(TimeSpan.FromSeconds(5.5), _ => fired.Add(-1), null);
        cancelled.Cancel();
        Assert.Equal(1, time.Created); // one timer for eleven deadlines
        time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        Assert.Equal(new[] { 1, 2 }, fired);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(new[] { 1, 2, 3 }, fired);
        time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(Enumerable.Range(1, 10), fired); // the cancelled one never ran
        Assert.Equal(0, scheduler.Pending);
    }

    [Fact]
    public async Task Sessions_on_one_scheduler_send_their_keepalive_at_half_their_timeout_without_timers_of_their_own()
    {
        var time = new CountingTimeProvider();
        using var scheduler = new DeadlineScheduler(time);
        var servers = new List<ScriptedRtspServer>();
        var keepAlives = new List<TaskCompletionSource<string>>();
        var ingests = new List<(RtspIngest Ingest, Task Run)>();
        using var cts = new CancellationTokenSource();
        try
        {
            foreach (var timeout in new[] { 20, 20, 30 })
            {
                var keepAlive = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                keepAlives.Add(keepAlive);
                var server = new ScriptedRtspServer((request, cseq) =>
                {
                    if (request.StartsWith("GET_PARAMETER", StringComparison.Ordinal))
                    {
                        keepAlive.TrySetResult(request);
                    }

                    return Answer(request, cseq, timeout);
                });
                servers.Add(server);
                var ingest = new RtspIngest(new RtspIngestOptions(server.Uri) { Time = time, Deadlines = scheduler, MediaTimeout = TimeSpan.FromHours(1) });
                ingests.Add((ingest, ingest.RunAsync(cts.Token)));
                await ingest.Connected.WaitAsync(TimeSpan.FromSeconds(60));
            }

            Assert.Equal(0, time.Active - 1); // playing sessions hold no timer besides the shared one
            time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
            Assert.DoesNotContain(keepAlives, k => k.Task.IsCompleted);
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Contains("Session: 77", await keepAlives[0].Task.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("Session: 77", await keepAlives[1].Task.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.False(keepAlives[2].Task.IsCompleted, "the 30 s session's keep-alive before 15 s");
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.Contains("Session: 77", await keepAlives[2].Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await cts.CancelAsync();
            foreach (var (_, run) in ingests)
            {
                await run.WaitAsync(TimeSpan.FromSeconds(30));
            }

            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Without_media_the_shared_watchdog_ends_the_session_at_its_second_check_and_not_before()
    {
        var time = new CountingTimeProvider();
        using var scheduler = new DeadlineScheduler(time);
        await using var server = new ScriptedRtspServer((request, cseq) => Answer(request, cseq, 600));
        var ingest = new RtspIngest(new RtspIngestOptions(server.Uri) { Time = time, Deadlines = scheduler, MediaTimeout = TimeSpan.FromSeconds(5) });
        var run = ingest.RunAsync(CancellationToken.None);
        await ingest.Connected.WaitAsync(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(5)); // first check: counts the packets (none)
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted, "the session ended before two media timeouts without media");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<RtspException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(RtspFailure.Timeout, error.Failure);
        Assert.Contains("no RTP", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, scheduler.Pending); // the ended session left no deadline behind
    }

    private static byte[] Answer(string request, int cseq, int timeout) =>
        request.StartsWith("OPTIONS", StringComparison.Ordinal) ? ScriptedRtspServer.Ok(cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n")
        : request.StartsWith("DESCRIBE", StringComparison.Ordinal) ? ScriptedRtspServer.Ok(cseq, "Content-Type: application/sdp\r\n", Sdp)
        : request.StartsWith("SETUP", StringComparison.Ordinal) ? ScriptedRtspServer.Ok(cseq, $"Session: 77;timeout={timeout}\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n")
        : ScriptedRtspServer.Ok(cseq, "Session: 77\r\n");

    /// <summary>A <see cref="FakeTimeProvider"/> that counts the timers created and not yet disposed.</summary>
    private sealed class CountingTimeProvider : FakeTimeProvider
    {
        private int _created;
        private int _active;

        public int Created => Volatile.Read(ref _created);

        public int Active => Volatile.Read(ref _active);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _created);
            Interlocked.Increment(ref _active);
            return new Counted(base.CreateTimer(callback, state, dueTime, period), this);
        }

        private sealed class Counted(ITimer inner, CountingTimeProvider owner) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref owner._active);
                }

                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
