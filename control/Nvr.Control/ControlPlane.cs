using Akka.Actor;
using Akka.Event;
using Nvr.Control.Engine.Messages;
using Nvr.Control.Notifications;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Schedules;
using Nvr.Control.Schedules.Messages;
using Nvr.Scheduling.Model;

namespace Nvr.Control;

/// <summary>
/// The running control plane: one actor system with persistence on the configured database and the recording
/// control actor. Dispose (or <see cref="StopAsync"/>) stops the recordings (spans closed) and terminates the actor
/// system cleanly.
/// </summary>
public sealed partial class ControlPlane : IAsyncDisposable
{
    /// <summary>How long a command may take (the journal confirms before the reply).</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the first recovery (journal start-up included) may take before start-up fails.</summary>
    public static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long stopping may take: every recording closes its spans and writes its span end objects.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly IActorRef? _engine;

    private ControlPlane(
        ActorSystem system, IActorRef recordingControl, IActorRef schedules, IActorRef? engine, ControlLimits limits,
        ScheduleServiceCapabilities scheduleCapabilities, TimeProvider time, NotificationBroker notifications, IActorRef storageConfigurations,
        IActorRef? deviceSettings = null, Cluster.ClusterNode? cluster = null)
    {
        StorageConfigurations = storageConfigurations;
        Notifications = notifications;
        DeviceSettings = deviceSettings ?? system.ActorOf(Device.DeviceSettingsActor.Props(), "device-settings");
        ClusterNode = cluster;
        Time = time;
        System = system;
        RecordingControl = recordingControl;
        Schedules = schedules;
        _engine = engine;
        Limits = limits;
        ScheduleCapabilities = scheduleCapabilities;
    }

    public ActorSystem System { get; }

    /// <summary>The actor owning recordings, tracks, recording jobs and receivers.</summary>
    public IActorRef RecordingControl { get; }

    /// <summary>The actor owning schedules and special day groups.</summary>
    public IActorRef Schedules { get; }

    /// <summary>The actor owning users, configurable scopes and the discovery mode (device service).</summary>
    public IActorRef DeviceSettings { get; }

    /// <summary>The actor owning the storage configurations (device service) and keeping the engine's storage catalog current.</summary>
    public IActorRef StorageConfigurations { get; }

    public ControlLimits Limits { get; }

    /// <summary>The event service's subscriptions, fed from the internal event stream (owner of property states for subscribers).</summary>
    public NotificationBroker Notifications { get; }

    /// <summary>The clock of the control plane (the one every actor reads).</summary>
    public TimeProvider Time { get; }

    public ScheduleServiceCapabilities ScheduleCapabilities { get; }

    /// <summary>
    /// How long the Ask* methods wait for the control plane's answer (default <see cref="AskTimeout"/>); past it they
    /// throw <see cref="AskTimeoutException"/> (in cluster mode: the control singleton is moving or unreachable).
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = AskTimeout;

    /// <param name="timeZone">IANA zone of the appliance: iCalendar floating times are local times there.</param>
    /// <param name="engineProps">The recording engine (told every plan change); null: no engine, elected tracks count as Active.</param>
    /// <param name="storages">
    /// The storage catalog the engine writes through, holding the <c>--storage</c> bindings; the storage configurations
    /// actor recovers before any recording starts and keeps it current. Null: an empty catalog of its own.
    /// </param>
    /// <param name="defaultStorage">The storage of recordings without a Target (not deletable while such recordings exist).</param>
    public static async Task<ControlPlane> StartAsync(
        PersistenceOptions persistence, ControlLimits limits, TimeProvider time, string name = "nvr",
        string timeZone = "UTC", ScheduleServiceCapabilities? scheduleCapabilities = null, Props? engineProps = null,
        NotificationLimits? notificationLimits = null, Nvr.Storage.Configuration.StorageCatalog? storages = null, string? defaultStorage = null,
        Cluster.ClusterOptions? cluster = null)
    {
        if (cluster is not null)
        {
            return await StartClusterNodeAsync(persistence, cluster, limits, time, name, timeZone, scheduleCapabilities, engineProps, notificationLimits, storages, defaultStorage).ConfigureAwait(false);
        }

        var system = ActorSystem.Create(name, ControlSystemConfig.Build(persistence));
        UseSealingKey(system, persistence);
        var notifications = new NotificationBroker(notificationLimits ?? NotificationLimits.Default, time);
        var feed = system.ActorOf(NotificationFeedActor.Props(notifications), "notification-feed");
        await feed.Ask<ActorIdentity>(new Identify("feed-ready"), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var engine = engineProps is null ? null : system.ActorOf(engineProps, "recording-engine");

        // The engine subscribes to the internal event stream when it starts (PreStart, asynchronous): wait for it, so
        // that no event published from here on (schedule states at recovery, a client's first events) is missed.
        if (engine is not null)
        {
            await engine.Ask<ActorIdentity>(new Identify("engine-ready"), AskTimeout).ConfigureAwait(false);
        }

        // Storage configurations first: the catalog is final before recording control recovers and plans recordings.
        var storageConfigurations = system.ActorOf(
            Storage.StorageConfigurationsActor.Props(storages ?? new Nvr.Storage.Configuration.StorageCatalog([]), defaultStorage), "storage-configurations");
        // The first recovery also opens the journal (plugin start-up, schema check): on a loaded machine that takes a while.
        await storageConfigurations.Ask<Storage.StorageConfigurationsReply>(Storage.GetStorageConfigurations.Instance, RecoveryTimeout).ConfigureAwait(false);
        var recordingControl = system.ActorOf(RecordingControlActor.Props(limits, time, engine: engine), "recording-control");
        storageConfigurations.Tell(new Storage.AttachRecordingControl(recordingControl));
        var capabilities = scheduleCapabilities ?? new ScheduleServiceCapabilities();
        var schedules = system.ActorOf(ScheduleActor.Props(capabilities, timeZone, time, recordingControl), "schedules");
        recordingControl.Tell(new AttachScheduleService(schedules));
        return new ControlPlane(system, recordingControl, schedules, engine, limits, capabilities, time, notifications, storageConfigurations);
    }

    /// <summary>Gives the journal's sealing key to the system before any persistent actor starts.</summary>
    private static void UseSealingKey(ActorSystem system, PersistenceOptions persistence)
    {
        if (persistence.SealingKey is { } key)
        {
            JournalSealing.Get(system).Use(key);
        }
    }

    /// <summary>Sends a command to the schedule actor; its typed reply, or <see cref="ScheduleRejectedException"/>.</summary>
    public async Task<TReply> AskSchedulesAsync<TReply>(object command, CancellationToken cancellationToken = default)
    {
        var reply = await Schedules.Ask<object>(command, CommandTimeout, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            TReply typed => typed,
            ScheduleRejected rejected => throw new ScheduleRejectedException(rejected),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name} to {command.GetType().Name}"),
        };
    }

    /// <summary>Sends a command to the recording control actor; its typed reply, or <see cref="CommandRejectedException"/>.</summary>
    public async Task<TReply> AskAsync<TReply>(object command, CancellationToken cancellationToken = default)
    {
        var reply = await RecordingControl.Ask<object>(command, CommandTimeout, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            TReply typed => typed,
            CommandRejected rejected => throw new CommandRejectedException(rejected),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name} to {command.GetType().Name}"),
        };
    }

    /// <summary>
    /// The content keys (KID in lowercase hex → key) of a recording, for decrypting its segments inside the appliance
    /// (web console playback, RTSP replay); empty when it has none or does not exist. Never to be logged or sent.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> RecordingKeysAsync(string recording, CancellationToken cancellationToken = default) =>
        (await AskAsync<Exports.RecordingKeysReply>(new Exports.GetRecordingKeys(recording), cancellationToken).ConfigureAwait(false)).Keys;

    /// <summary>Sends a command to the storage configurations actor and awaits its reply.</summary>
    public Task<object> AskStorageAsync(object command, CancellationToken cancellationToken = default) =>
        StorageConfigurations.Ask<object>(command, CommandTimeout, cancellationToken);

    /// <summary>Sends a command to the device settings actor and awaits its reply.</summary>
    public Task<object> AskDeviceAsync(object command, CancellationToken cancellationToken = default) =>
        DeviceSettings.Ask<object>(command, CommandTimeout, cancellationToken);


    /// <summary>Stops every recording (spans closed, sinks flushed, index closed), then terminates the actor system.</summary>
    public async Task StopAsync()
    {
        if (ClusterNode is not null && !System.WhenTerminated.IsCompleted)
        {
            await LeaveClusterAsync().ConfigureAwait(false); // stops this node's recordings first, hands its shards over
        }

        if (_engine is not null && !System.WhenTerminated.IsCompleted)
        {
            try
            {
                await _engine.Ask<RecordingsStopped>(StopRecordings.Instance, StopTimeout).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                System.Log.Warning("the recordings did not stop within {0}", StopTimeout);
            }
        }

        await System.Terminate().ConfigureAwait(false);
        Notifications.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
