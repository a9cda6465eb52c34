using Microsoft.Extensions.Time.Testing;
using Nvr.Control.Cluster;
using Nvr.Pipeline.Ingest;

namespace Nvr.Control.Tests.Cluster;

/// <summary>
/// Issue 18 requirement 4, the writer lease and its renewal rules with virtual time (docs/cluster.md, "Writer lease"):
/// held for its duration from the evidence, lost when it expires or is revoked (the token the camera sessions run
/// under is cancelled), never held again by evidence older than a revocation; the renewer renews only from a round
/// trip answered by a majority, anchored at the round trip's sending, and a tick after a frozen gap revokes it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WriterLeaseTests
{
    private const string A = "akka.tcp://nvr@127.0.0.1:1";
    private const string B = "akka.tcp://nvr@127.0.0.1:2";
    private const string C = "akka.tcp://nvr@127.0.0.1:3";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 19, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_lease_is_held_for_its_duration_from_the_evidence_and_its_token_is_cancelled_when_it_expires()
    {
        using var lease = new WriterLease(Duration, _time);
        Assert.False(lease.IsHeld);
        Assert.True(lease.HeldToken.IsCancellationRequested);
        var waiting = lease.WhenHeldAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        Assert.True(lease.Renew());
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var token = lease.HeldToken;
        Assert.False(token.IsCancellationRequested);

        _time.Advance(TimeSpan.FromSeconds(5.9));
        Assert.True(lease.IsHeld);
        Assert.False(token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(lease.IsHeld);
        Assert.True(token.IsCancellationRequested); // the expiry timer fired: the sessions under it end
        Assert.Equal((1L, 1L), (lease.Acquisitions, lease.Losses));

        // evidence from before the expiry, still younger than the duration, holds it again (a new token)
        long evidence = _time.GetTimestamp() - (long)(_time.TimestampFrequency * 1.0);
        Assert.True(lease.Renew(evidence));
        Assert.True(lease.IsHeld);
        Assert.NotEqual(token, lease.HeldToken);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(lease.IsHeld);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(lease.IsHeld); // 6 s after the evidence, not after the renewal

        // evidence older than the duration holds nothing
        Assert.False(lease.Renew(_time.GetTimestamp() - (long)(_time.TimestampFrequency * 6.5)));
        Assert.False(lease.IsHeld);
    }

    [Fact]
    public void A_revoked_lease_is_held_again_only_by_evidence_gathered_after_the_revocation()
    {
        using var lease = new WriterLease(Duration, _time);
        lease.Renew();
        var token = lease.HeldToken;
        long before = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(1));
        lease.Revoke();
        Assert.False(lease.IsHeld);
        Assert.True(token.IsCancellationRequested);

        Assert.False(lease.Renew(before)); // a round trip sent before the revocation
        Assert.False(lease.IsHeld);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(lease.Renew());
        Assert.True(lease.IsHeld);
        Assert.Equal((2L, 1L), (lease.Acquisitions, lease.Losses));
    }

    [Fact]
    public void A_lease_that_expired_before_its_timer_ran_counts_as_lost_when_it_is_renewed()
    {
        // a frozen process: time jumps, the expiry timer has not run yet when the next renewal comes
        var stalled = new StalledTimers(_time);
        using var lease = new WriterLease(Duration, stalled);
        lease.Renew();
        var token = lease.HeldToken;
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(lease.IsHeld);
        lease.Renew();
        Assert.True(token.IsCancellationRequested);
        Assert.NotEqual(token, lease.HeldToken);
        Assert.Equal((2L, 1L), (lease.Acquisitions, lease.Losses));
    }

    [Fact]
    public void The_renewer_renews_from_the_sending_of_a_round_trip_a_majority_answered()
    {
        using var lease = new WriterLease(Duration, _time);
        var renewer = new WriterLeaseRenewer(lease);
        var view = View(A, [A, B, C]);

        var tick = renewer.Tick(view);
        Assert.Null(tick.Frozen);
        Assert.Equal([B, C], tick.Ask);
        Assert.False(lease.IsHeld);
        _time.Advance(TimeSpan.FromSeconds(2)); // a slow answer: the lease counts from the sending
        Assert.True(renewer.Answered(tick.Round!.Value, B, view));
        Assert.True(lease.IsHeld);
        _time.Advance(TimeSpan.FromSeconds(3.99));
        Assert.True(lease.IsHeld);
        _time.Advance(TimeSpan.FromSeconds(0.01));
        Assert.False(lease.IsHeld);
        Assert.False(renewer.Answered(tick.Round.Value, C, view)); // counted already

        // of five members, one answer (two with this node) is not a majority; two answers are
        var five = View(A, [A, B, C, "akka.tcp://nvr@127.0.0.1:4", "akka.tcp://nvr@127.0.0.1:5"]);
        var next = renewer.Tick(five);
        Assert.Equal(4, next.Ask.Count);
        Assert.False(renewer.Answered(next.Round!.Value, B, five));
        Assert.False(lease.IsHeld);
        Assert.True(renewer.Answered(next.Round.Value, C, five));
        Assert.True(lease.IsHeld);
    }

    [Fact]
    public void The_renewer_sends_nothing_without_a_majority_in_its_own_view_and_the_lease_expires()
    {
        using var lease = new WriterLease(Duration, _time);
        var renewer = new WriterLeaseRenewer(lease);
        var view = View(A, [A, B, C]);
        var first = renewer.Tick(view);
        renewer.Answered(first.Round!.Value, B, view);
        Assert.True(lease.IsHeld);

        var cut = View(A, [A, B, C], unreachable: [B, C]);
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(renewer.Tick(cut).Round);
        }

        Assert.False(lease.IsHeld);
        Assert.False(renewer.Answered(first.Round.Value, C, view));

        // an answer to a round trip sent while the view still had a majority does not renew once the view has none
        var late = renewer.Tick(view);
        Assert.False(renewer.Answered(late.Round!.Value, B, cut));
        Assert.False(lease.IsHeld);

        // not Up (downed, leaving the cluster's count): nothing
        Assert.Null(renewer.Tick(View(A, [B, C])).Round);
        Assert.Null(renewer.Tick(View(A, [A, B, C]) with { SelfUp = false }).Round);
        Assert.False(lease.IsHeld);
    }

    [Fact]
    public void Half_of_the_members_is_a_majority_only_with_the_lowest_address_and_a_lone_member_renews_by_itself()
    {
        Assert.True(View(A, [A, B]).IsMajority([A]));
        Assert.False(View(B, [A, B]).IsMajority([B]));
        Assert.False(View(A, [A, B, C]).IsMajority([A]));
        Assert.True(View(C, [A, B, C]).IsMajority([C, B]));

        using var lease = new WriterLease(Duration, _time);
        var renewer = new WriterLeaseRenewer(lease);
        Assert.Null(renewer.Tick(View(A, [A])).Round);
        Assert.True(lease.IsHeld);
    }

    [Fact]
    public void A_tick_after_a_frozen_gap_revokes_the_lease_and_only_a_fresh_round_trip_holds_it_again()
    {
        using var lease = new WriterLease(Duration, _time);
        var renewer = new WriterLeaseRenewer(lease);
        var view = View(A, [A, B, C]);
        var before = renewer.Tick(view);
        renewer.Answered(before.Round!.Value, B, view);

        _time.Advance(TimeSpan.FromSeconds(4)); // a gap shorter than the lease: not frozen, still held
        var shortGap = renewer.Tick(view);
        Assert.Null(shortGap.Frozen);
        Assert.True(lease.IsHeld);
        Assert.True(renewer.Answered(shortGap.Round!.Value, C, view));
        _time.Advance(TimeSpan.FromSeconds(1));
        var inFlight = renewer.Tick(view); // sent just before the process froze; answered while it was frozen

        _time.Advance(TimeSpan.FromSeconds(20)); // SIGSTOP … SIGCONT
        Assert.False(lease.IsHeld); // the monotonic clock ran on: expired before any tick
        var resumed = renewer.Tick(view); // the view is stale (everyone still looks reachable)
        Assert.Equal(TimeSpan.FromSeconds(20), resumed.Frozen);
        Assert.False(lease.IsHeld);
        Assert.False(renewer.Answered(inFlight.Round!.Value, B, view)); // a buffered answer from before the freeze
        Assert.False(lease.IsHeld);

        // the survivors downed this node: no answer; it never holds the lease again
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(renewer.Tick(view).Frozen);
        }

        Assert.False(lease.IsHeld);

        // a short pause instead: the others still see it Up and answer the round trip sent after the gap
        _time.Advance(TimeSpan.FromSeconds(1));
        var fresh = renewer.Tick(view);
        Assert.True(renewer.Answered(fresh.Round!.Value, B, view));
        Assert.True(lease.IsHeld);
    }

    private static LeaseView View(string self, string[] members, string[]? unreachable = null) =>
        new(self, members.Contains(self), members, (unreachable ?? []).ToHashSet(StringComparer.Ordinal));

    /// <summary>The fake clock whose timers never fire (a process whose timer thread has not run yet).</summary>
    private sealed class StalledTimers(FakeTimeProvider inner) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

        private sealed class Never : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
