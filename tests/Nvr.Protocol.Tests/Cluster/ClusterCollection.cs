namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// The cluster tests start three appliance processes, PostgreSQL, s3rver and a camera server and measure failover
/// times: they run alone (xunit runs a non-parallel collection after the parallel ones), so a loaded machine does
/// not stretch the measured bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
