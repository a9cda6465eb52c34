using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Ingest;

namespace Nvr.Pipeline.Tests.Unit;

/// <summary>
/// Issue 18 requirement 4: a camera session runs only under the node's writer lease (docs/cluster.md, "Writer lease"):
/// none starts before the lease is held, the running one is cut the moment the lease expires (reason "writer lease
/// lost", once), and the next starts only when it is held again — no backoff, no attempt in between.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReconnectLoopLeaseTests
{
    [Fact]
    public async Task A_session_runs_only_while_the_lease_is_held_and_waits_for_it_after_a_loss()
    {
        var leaseTime = new FakeTimeProvider();
        using var lease = new WriterLease(TimeSpan.FromSeconds(6), leaseTime);
        var sessions = 0;
        var started = new SemaphoreSlim(0);
        var loop = new ReconnectLoop(
            async (onConnected, ct) =>
            {
                Interlocked.Increment(ref sessions);
                onConnected();
                started.Release();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            },
            new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 2.0, 0.0),
            new FakeTimeProvider())
        {
            Lease = lease,
        };
        var changes = new ConcurrentQueue<ConnectionStateChange>();
        var lost = new SemaphoreSlim(0);
        loop.StateChanged += change =>
        {
            changes.Enqueue(change);
            if (change.Reason is WriterLeaseLostException)
            {
                lost.Release();
            }
        };
        using var cts = new CancellationTokenSource();
        var run = loop.RunAsync(cts.Token);

        Assert.True(await lost.WaitAsync(TimeSpan.FromSeconds(30))); // not held from the start: reported, no session
        Assert.Equal(0, Volatile.Read(ref sessions));

        lease.Renew();
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(ConnectionState.Connected, loop.State);

        leaseTime.Advance(TimeSpan.FromSeconds(6)); // expired: the expiry timer cancels the session
        Assert.True(await lost.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, Volatile.Read(ref sessions));
        Assert.IsType<WriterLeaseLostException>(loop.LastError);
        Assert.Equal(0, loop.ConsecutiveFailures); // no backoff counted: the loop waits for the lease

        lease.Renew();
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, Volatile.Read(ref sessions));

        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(
            [(ConnectionState.NotConnected, ConnectionState.Connecting, true), (ConnectionState.Connecting, ConnectionState.Connected, false),
             (ConnectionState.Connected, ConnectionState.Connecting, true), (ConnectionState.Connecting, ConnectionState.Connected, false),
             (ConnectionState.Connected, ConnectionState.NotConnected, false)],
            changes.Select(c => (c.Previous, c.Current, c.Reason is WriterLeaseLostException)));
    }
}
