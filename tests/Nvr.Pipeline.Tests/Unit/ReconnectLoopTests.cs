using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ReconnectLoopTests
{
    [Fact]
    public void Backoff_grows_exponentially_with_bounded_jitter_and_a_ceiling()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2.0, 0.25);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayFor(0, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(8), policy.DelayFor(3, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(6), policy.DelayFor(3, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayFor(3, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayFor(40, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayFor(int.MaxValue, 1.0));
    }

    [Fact]
    public async Task Failing_sessions_back_off_then_connect_and_stop_cleanly()
    {
        var time = new SignallingTimeProvider();
        var attempts = 0;
        var connectedOnce = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sessionEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new SemaphoreSlim(0);
        var loop = new ReconnectLoop(
            async (onConnected, ct) =>
            {
                attempts++;
                started.Release();
                if (attempts < 3)
                {
                    throw new IOException($"refused #{attempts}");
                }

                onConnected();
                connectedOnce.TrySetResult();
                await sessionEnd.Task.WaitAsync(ct);
            },
            new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 2.0, 0.0),
            time);
        var changes = new List<ConnectionStateChange>();
        loop.StateChanged += changes.Add;
        using var cts = new CancellationTokenSource();
        var run = loop.RunAsync(cts.Token);

        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(ConnectionState.Connecting, loop.State);
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, attempts);                        // not before the 1 s backoff
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, attempts);
        await WaitForTimerAsync(time);
        time.Advance(TimeSpan.FromMilliseconds(1999));  // second backoff is 2 s
        Assert.Equal(2, attempts);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await connectedOnce.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ConnectionState.Connected, loop.State);
        Assert.Equal(0, loop.ConsecutiveFailures);
        Assert.IsType<IOException>(loop.LastError);

        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ConnectionState.NotConnected, loop.State);
        Assert.Equal(
            [(ConnectionState.NotConnected, ConnectionState.Connecting, null), (ConnectionState.Connecting, ConnectionState.Connecting, "refused #1"),
             (ConnectionState.Connecting, ConnectionState.Connecting, "refused #2"), (ConnectionState.Connecting, ConnectionState.Connected, null),
             (ConnectionState.Connected, ConnectionState.NotConnected, null)],
            changes.Select(c => (c.Previous, c.Current, c.Reason?.Message)));
    }

    [Fact]
    public async Task A_source_unreachable_from_the_start_reports_its_failure_after_the_first_attempt()
    {
        var time = new SignallingTimeProvider();
        var loop = new ReconnectLoop(
            (_, _) => throw new IOException("connection refused"),
            new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 2.0, 0.0),
            time);
        var failure = new TaskCompletionSource<ConnectionStateChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.StateChanged += change =>
        {
            if (change.Reason is not null)
            {
                failure.TrySetResult(change);
            }
        };
        using var cts = new CancellationTokenSource();
        var run = loop.RunAsync(cts.Token);

        var reported = await failure.Task.WaitAsync(TimeSpan.FromSeconds(30)); // before any backoff has elapsed
        Assert.Equal((ConnectionState.Connecting, ConnectionState.Connecting, "connection refused"), (reported.Previous, reported.Current, reported.Reason!.Message));
        Assert.Equal(1, loop.Sessions);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task WaitForTimerAsync(SignallingTimeProvider time)
    {
        // The loop arms its backoff timer right after the failed attempt returns; wait until it is armed.
        Assert.True(await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30)), "no backoff timer was armed");
    }
}
