using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Event;
using Nvr.Control.Recordings;
using Nvr.Scheduling.Model;
using Nvr.Storage.Configuration;

namespace Nvr.Control.Cluster;

/// <summary>
/// What cluster mode adds to a node's actor system: the node-local proxies of the control singleton's actors, the
/// node's <see cref="NodeRecordingsActor"/>, the shard region of recordings, the singleton manager of
/// <see cref="ControlSingletonActor"/>, and a coordinated-shutdown task that stops this node's recordings first
/// (downed by the split-brain resolver, or leaving) so that no recording runs on two nodes.
/// </summary>
public sealed class ClusterNode
{
    private ClusterNode(IActorRef recordingControl, IActorRef schedules, IActorRef deviceSettings, IActorRef storageConfigurations, IActorRef region)
    {
        RecordingControl = recordingControl;
        Schedules = schedules;
        DeviceSettings = deviceSettings;
        StorageConfigurations = storageConfigurations;
        Region = region;
    }

    public IActorRef RecordingControl { get; }

    public IActorRef Schedules { get; }

    public IActorRef DeviceSettings { get; }

    public IActorRef StorageConfigurations { get; }

    /// <summary>The shard region of the recording entities on this node.</summary>
    public IActorRef Region { get; }

    /// <summary>Joins the cluster (awaits this member Up) and starts the cluster actors on <paramref name="system"/>.</summary>
    public static async Task<ClusterNode> StartAsync(
        ActorSystem system, ClusterOptions options, IActorRef engine, ControlLimits limits, TimeProvider time, string timeZone,
        ScheduleServiceCapabilities capabilities, StorageCatalog storages, string? defaultStorage)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(ControlPlane.RecoveryTimeout).ConfigureAwait(false);

        // the writer lease first: this node's recordings connect and write only while it is held (docs/cluster.md, "Writer lease")
        system.ActorOf(WriterLeaseActor.Props(options.Lease, options.Timings.LeaseRenewInterval), "writer-lease");

        // before anything raises events: the control singleton's configuration events and job states, the recordings' segments
        system.ActorOf(EventRelayActor.Props(), "event-relay");
        var singleton = system.ActorOf(
            ClusterSingletonProxy.Props("/user/control", ClusterSingletonProxySettings.Create(system).WithBufferSize(10_000)), "control-proxy");
        IActorRef Part(string name) => system.ActorOf(ControlPartProxy.Props(name, singleton), name);
        var recordingControl = Part(ControlParts.RecordingControl);
        var plans = Part(ControlParts.Plans);
        var node = system.ActorOf(NodeRecordingsActor.Props(engine, recordingControl), "cluster-recordings");
        var region = await ClusterSharding.Get(system).StartAsync(
            "recording", RecordingEntityActor.Props(node, plans), ClusterShardingSettings.Create(system),
            new RecordingMessageExtractor(), new StableShardAllocation(), PoisonPill.Instance).ConfigureAwait(false);
        system.ActorOf(ClusterSingletonManager.Props(
            ControlSingletonActor.Props(limits, time, timeZone, capabilities, storages, defaultStorage, region, node, engine),
            PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), "control");

        var stopTimeout = options.Timings.StopRecordingsTimeout;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-recordings", async () =>
        {
            system.Log.Warning("cluster: this node leaves or was downed ({0}); stopping its recordings", CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name ?? "?");
            try
            {
                await node.Ask<Engine.Messages.RecordingsStopped>(StopNodeRecordings.Instance, stopTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                system.Log.Warning("cluster: the recordings did not stop within {0}; the actor system terminates anyway", stopTimeout);
            }

            options.Lease?.Revoke(); // whatever still runs writes nothing more (the spans were closed under the lease above)

            return Done.Instance;
        });
        system.ActorOf(ClusterEventLogger.Props(), "cluster-events");
        var storageConfigurations = Part(ControlParts.StorageConfigurations);
        system.ActorOf(NodeStorageCatalogActor.Props(storageConfigurations, storages), "storage-catalog"); // every node's catalog = the singleton's configurations
        return new ClusterNode(recordingControl, Part(ControlParts.Schedules), Part(ControlParts.DeviceSettings), storageConfigurations, region);
    }
}

/// <summary>Coordinated shutdown → the node's recordings: stop every runner now and host nothing from here on; answered with RecordingsStopped.</summary>
public sealed class StopNodeRecordings
{
    public static readonly StopNodeRecordings Instance = new();
}
