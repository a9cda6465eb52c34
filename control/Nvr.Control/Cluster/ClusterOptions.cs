namespace Nvr.Control.Cluster;

/// <summary>
/// Cluster mode of the control plane (docs/cluster.md): this node's remoting endpoint, the seed nodes every node
/// joins through, and the timings of failure detection and downing. Null in <see cref="ControlPlane.StartAsync"/>:
/// a single node, exactly as without clustering.
/// </summary>
/// <param name="Host">The host this node is reached at by the other nodes (the host of its first listening URL).</param>
/// <param name="Port">This node's remoting TCP port.</param>
/// <param name="Seeds">Seed nodes as HOST:PORT, the same list in the same order on every node.</param>
public sealed record ClusterOptions(string Host, int Port, IReadOnlyList<string> Seeds)
{
    /// <summary>Fixed number of shards of the recording entities; never changed on a running cluster (a recording's shard is its token's hash modulo this).</summary>
    public const int ShardCount = 100;

    public ClusterTimings Timings { get; init; } = ClusterTimings.Lan;

    /// <summary>
    /// The writer lease of this node's data path (the engine's <c>EngineSettings.Lease</c>), renewed by the node's
    /// <see cref="WriterLeaseActor"/> (docs/cluster.md, "Writer lease"); null: nothing to renew (the actor still
    /// answers the other nodes' round trips).
    /// </summary>
    public Nvr.Pipeline.Ingest.WriterLease? Lease { get; init; }

    /// <summary>Parses a HOST:PORT seed; throws <see cref="ArgumentException"/> naming the option on a bad one.</summary>
    public static (string Host, int Port) ParseSeed(string seed)
    {
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--cluster-seed takes HOST:PORT, got '{seed}'");
        }

        return (seed[..colon].Trim('[', ']'), port);
    }
}

/// <summary>
/// The timings that decide how fast a dead node's recordings restart elsewhere and that a cut-off node stops first.
/// A killed node is noticed after about <see cref="AcceptableHeartbeatPause"/> plus a few heartbeats, downed after
/// <see cref="StableAfter"/> more, and its shards start on the survivors after <see cref="DownRemovalMargin"/> more;
/// the cut-off node downs itself at the same stable-after and stops recording within <see cref="StopRecordingsTimeout"/>,
/// which is shorter than the margin.
/// </summary>
public sealed record ClusterTimings(
    TimeSpan HeartbeatInterval, TimeSpan AcceptableHeartbeatPause, TimeSpan StableAfter, TimeSpan DownRemovalMargin, TimeSpan StopRecordingsTimeout)
{
    /// <summary>LAN timings: 1 s heartbeats, 3 s pause, 5 s stable-after, 5 s down-removal margin, 3 s to stop recording, 6 s writer lease renewed every 1 s.</summary>
    public static ClusterTimings Lan { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3));

    /// <summary>
    /// How long one round trip to a majority keeps the writer lease held, counted from when the round trip was sent.
    /// <see cref="WriterLease"/> + <see cref="LeaseRenewInterval"/> must stay well below
    /// <see cref="AcceptableHeartbeatPause"/> + <see cref="StableAfter"/> + <see cref="DownRemovalMargin"/>, the
    /// earliest the survivors start a downed node's recordings (6 + 1 = 7 s against 13 s; docs/cluster.md, "Timings").
    /// </summary>
    public TimeSpan WriterLease { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How often the writer lease's round trip is sent (and a tick checks for a frozen process).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(1);
}
