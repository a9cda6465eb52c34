namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// Tests that judge real-time playback by real peers (rtspsrc replaying as fast as it reads, Chromium decoding MSE
/// within bounded waits) run in this collection: xunit runs it alone, after the parallel collections, so a peer's
/// timing is not starved by a dozen appliances recording at once on a 2-core machine. Their assertions are unchanged.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "real-time playback";
}
