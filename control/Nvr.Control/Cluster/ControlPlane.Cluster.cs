using Akka.Actor;
using Nvr.Control.Cluster;
using Nvr.Control.Notifications;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;
using Nvr.Scheduling.Model;

namespace Nvr.Control;

/// <summary>Cluster mode of the control plane (docs/cluster.md).</summary>
public sealed partial class ControlPlane
{
    /// <summary>This node's cluster actors; null on a single node.</summary>
    public ClusterNode? ClusterNode { get; }

    /// <summary>Completes when the actor system has terminated (in cluster mode also when the split-brain resolver downed this node).</summary>
    public Task Terminated => System.WhenTerminated;

    private static async Task<ControlPlane> StartClusterNodeAsync(
        PersistenceOptions persistence, ClusterOptions cluster, ControlLimits limits, TimeProvider time, string name, string timeZone,
        ScheduleServiceCapabilities? scheduleCapabilities, Props? engineProps, NotificationLimits? notificationLimits,
        Nvr.Storage.Configuration.StorageCatalog? storages, string? defaultStorage)
    {
        if (persistence.Provider != PersistenceProvider.PostgreSql)
        {
            throw new ArgumentException("cluster mode needs the shared PostgreSQL journal (--postgres)");
        }

        if (engineProps is null)
        {
            throw new ArgumentException("cluster mode needs the recording engine");
        }

        var system = ActorSystem.Create(name, ClusterConfig.Build(cluster, name).WithFallback(ControlSystemConfig.Build(persistence)));
        UseSealingKey(system, persistence);
        var notifications = new NotificationBroker(notificationLimits ?? NotificationLimits.Default, time);
        var feed = system.ActorOf(NotificationFeedActor.Props(notifications), "notification-feed");
        await feed.Ask<ActorIdentity>(new Identify("feed-ready"), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var engine = system.ActorOf(engineProps, "recording-engine");
        await engine.Ask<ActorIdentity>(new Identify("engine-ready"), AskTimeout).ConfigureAwait(false);
        var capabilities = scheduleCapabilities ?? new ScheduleServiceCapabilities();
        var node = await ClusterNode.StartAsync(
            system, cluster, engine, limits, time, timeZone, capabilities, storages ?? new Nvr.Storage.Configuration.StorageCatalog([]), defaultStorage).ConfigureAwait(false);
        // the control singleton answers once it has recovered (the first start also opens the journal)
        await node.StorageConfigurations.Ask<Storage.StorageConfigurationsReply>(Storage.GetStorageConfigurations.Instance, RecoveryTimeout).ConfigureAwait(false);
        return new ControlPlane(system, node.RecordingControl, node.Schedules, engine, limits, capabilities, time, notifications, node.StorageConfigurations, node.DeviceSettings, node);
    }

    private Task LeaveClusterAsync() =>
        CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
}
