using Nvr.Pipeline.Ingest;

namespace Nvr.Control.Cluster;

/// <summary>
/// One node's view of the cluster as the writer lease needs it: this node, the members that count (Up or Leaving,
/// ordered by address as the split-brain resolver orders them), and those some node sees unreachable.
/// </summary>
/// <param name="Self">This node's address.</param>
/// <param name="SelfUp">This node is Up (or Leaving) — not Joining, Down, Exiting or Removed.</param>
/// <param name="Members">Up and Leaving members, lowest address first (this node among them when it counts).</param>
/// <param name="Unreachable">Members some node sees unreachable (this node's merged view).</param>
public sealed record LeaseView(string Self, bool SelfUp, IReadOnlyList<string> Members, IReadOnlySet<string> Unreachable)
{
    /// <summary>
    /// Keep-majority, as the split-brain resolver decides: <paramref name="side"/> holds more than half of the
    /// members, or exactly half and the lowest address.
    /// </summary>
    public bool IsMajority(IReadOnlyCollection<string> side)
    {
        int count = 0;
        foreach (var member in Members)
        {
            if (side.Contains(member))
            {
                count++;
            }
        }

        return Members.Count > 0 && (2 * count > Members.Count || (2 * count == Members.Count && side.Contains(Members[0])));
    }

    /// <summary>This node and the members nobody sees unreachable (this node only when it is not unreachable itself).</summary>
    public IReadOnlyCollection<string> Reachable() => [.. Members.Where(m => !Unreachable.Contains(m))];
}

/// <summary>
/// The rules of the writer lease's renewal, without actors (the <see cref="WriterLeaseActor"/> feeds it; unit tests
/// drive it with virtual time). Every tick (about <c>LeaseRenewInterval</c>): a tick that comes more than the lease's
/// duration after the previous one means this process was frozen (SIGSTOP, a stall): the lease is revoked and every
/// round trip sent before is forgotten. Otherwise, when this node is Up and sees a majority of the members Up and
/// reachable, a new round trip is sent to the other members; the lease is renewed — from the moment that round trip
/// was sent, never from when its answers came — once enough of them answered (each answers only when it sees this node
/// Up and reachable) to make a majority with this node. A node that is the cluster's only member renews at the tick.
/// Answers buffered while the process was frozen therefore hold nothing: their round trip is older than the lease.
/// Not thread-safe (one actor).
/// </summary>
public sealed class WriterLeaseRenewer
{
    private readonly WriterLease _lease;
    private readonly TimeProvider _time;
    private readonly Dictionary<long, (long SentAt, HashSet<string> Side)> _rounds = [];
    private long _lastTick;
    private bool _ticked;
    private long _round;

    public WriterLeaseRenewer(WriterLease lease)
    {
        _lease = lease;
        _time = lease.Time; // the lease's monotonic clock: round trips are timed on it
    }

    public WriterLease Lease => _lease;

    /// <summary>One tick; returns the round trip to send (its number and the members to ask), or null.</summary>
    public LeaseTick Tick(LeaseView view)
    {
        long now = _time.GetTimestamp();
        TimeSpan? frozen = null;
        if (_ticked && _time.GetElapsedTime(_lastTick, now) is var gap && gap > _lease.Duration)
        {
            frozen = gap;
            _lease.Revoke();
            _rounds.Clear();
        }

        _ticked = true;
        _lastTick = now;
        foreach (var old in _rounds.Where(r => _time.GetElapsedTime(r.Value.SentAt, now) > _lease.Duration).Select(r => r.Key).ToList())
        {
            _rounds.Remove(old);
        }

        if (!view.SelfUp || !view.Members.Contains(view.Self) || !view.IsMajority(view.Reachable()))
        {
            return new LeaseTick(frozen, null, []);
        }

        if (view.Members.Count == 1)
        {
            _lease.Renew(now); // the only member: the majority of one
            return new LeaseTick(frozen, null, []);
        }

        long round = ++_round;
        _rounds[round] = (now, new HashSet<string>(StringComparer.Ordinal) { view.Self });
        return new LeaseTick(frozen, round, [.. view.Members.Where(m => m != view.Self)]);
    }

    /// <summary><paramref name="member"/> answered round trip <paramref name="round"/>; true when that renewed the lease.</summary>
    public bool Answered(long round, string member, LeaseView view)
    {
        if (!_rounds.TryGetValue(round, out var sent))
        {
            return false; // forgotten: from before a freeze, too old, or already counted
        }

        sent.Side.Add(member);
        if (!view.SelfUp || !view.IsMajority(sent.Side) || !view.IsMajority(view.Reachable()))
        {
            return false;
        }

        foreach (var done in _rounds.Keys.Where(r => r <= round).ToList())
        {
            _rounds.Remove(done);
        }

        return _lease.Renew(sent.SentAt);
    }
}

/// <summary>What a tick decided: <paramref name="Frozen"/>, the gap that revoked the lease; the round trip to send, if any.</summary>
public sealed record LeaseTick(TimeSpan? Frozen, long? Round, IReadOnlyList<string> Ask);
