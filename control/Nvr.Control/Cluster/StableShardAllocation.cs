using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Nvr.Control.Cluster;

/// <summary>
/// Places a new (or orphaned) shard of recordings on the region holding the fewest shards, and never rebalances:
/// moving a healthy recording is a gap in its footage, so a node that joins or returns takes new and failed-over work
/// only. Ties go to the requesting region, then to the lowest address (deterministic).
/// </summary>
public sealed class StableShardAllocation : IShardAllocationStrategy
{
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        if (currentShardAllocations.Count == 0)
        {
            return Task.FromResult(requester);
        }

        var least = currentShardAllocations
            .OrderBy(a => a.Value.Count)
            .ThenBy(a => a.Key.Equals(requester) ? 0 : 1)
            .ThenBy(a => a.Key.Path.ToString(), StringComparer.Ordinal)
            .First().Key;
        return Task.FromResult(least);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
}
