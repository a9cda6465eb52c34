using Akka.Actor;
using Nvr.Control.Recordings;
using Nvr.Control.Schedules;
using Nvr.Control.Schedules.Messages;
using Nvr.Control.Storage;
using Nvr.Scheduling.Model;
using Nvr.Storage.Configuration;

namespace Nvr.Control.Cluster;

/// <summary>
/// The control state that must be global, as one cluster singleton on the oldest node: storage configurations,
/// recording control (recordings, tracks, jobs, receivers, token counters), schedules, device settings (users,
/// scopes) and the plan distributor, wired as <see cref="ControlPlane.StartAsync"/> wires them on a single node and
/// persisted under the same persistence ids in the shared journal. Started in that order on every incarnation (the
/// storage catalog is final before recording control recovers); envelopes arriving meanwhile are stashed.
/// </summary>
public sealed class ControlSingletonActor : ReceiveActor, IWithUnboundedStash
{
    private readonly ControlLimits _limits;
    private readonly TimeProvider _time;
    private readonly string _timeZone;
    private readonly ScheduleServiceCapabilities _capabilities;
    private readonly StorageCatalog _storages;
    private readonly string? _defaultStorage;
    private readonly IActorRef _region;
    private readonly IActorRef _node;
    private readonly IActorRef _engine;
    private readonly Dictionary<string, IActorRef> _parts = new(StringComparer.Ordinal);

    public ControlSingletonActor(
        ControlLimits limits, TimeProvider time, string timeZone, ScheduleServiceCapabilities capabilities,
        StorageCatalog storages, string? defaultStorage, IActorRef region, IActorRef node, IActorRef engine)
    {
        _limits = limits;
        _time = time;
        _timeZone = timeZone;
        _capabilities = capabilities;
        _storages = storages;
        _defaultStorage = defaultStorage;
        _region = region;
        _node = node;
        _engine = engine;
        Receive<StorageConfigurationsReply>(_ => StartTheRest());
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(
        ControlLimits limits, TimeProvider time, string timeZone, ScheduleServiceCapabilities capabilities,
        StorageCatalog storages, string? defaultStorage, IActorRef region, IActorRef node, IActorRef engine) =>
        Akka.Actor.Props.Create(() => new ControlSingletonActor(limits, time, timeZone, capabilities, storages, defaultStorage, region, node, engine));

    protected override void PreStart()
    {
        var storage = Context.ActorOf(StorageConfigurationsActor.Props(_storages, _defaultStorage), ControlParts.StorageConfigurations);
        _parts[ControlParts.StorageConfigurations] = storage;
        storage.Tell(GetStorageConfigurations.Instance); // answered after recovery
    }

    private void StartTheRest()
    {
        var plans = Context.ActorOf(PlanDistributorActor.Props(_region, _node, _engine), ControlParts.Plans);
        var recordingControl = Context.ActorOf(RecordingControlActor.Props(_limits, _time, engine: plans), ControlParts.RecordingControl);
        _parts[ControlParts.StorageConfigurations].Tell(new AttachRecordingControl(recordingControl));
        var schedules = Context.ActorOf(ScheduleActor.Props(_capabilities, _timeZone, _time, recordingControl), ControlParts.Schedules);
        recordingControl.Tell(new AttachScheduleService(schedules));
        // a command is answered after recovery, and recovery ends with the first plan: then "no plan" means no plan
        recordingControl.Ask<object>(Recordings.Messages.GetRecordings.Instance, ControlPlane.RecoveryTimeout)
            .PipeTo(plans, success: _ => PlanDistributorActor.RecordingControlRecovered.Instance, failure: _ => PlanDistributorActor.RecordingControlRecovered.Instance);
        _parts[ControlParts.Plans] = plans;
        _parts[ControlParts.RecordingControl] = recordingControl;
        _parts[ControlParts.Schedules] = schedules;
        _parts[ControlParts.DeviceSettings] = Context.ActorOf(Device.DeviceSettingsActor.Props(), ControlParts.DeviceSettings);
        Become(() =>
        {
            Receive<ControlEnvelope>(e =>
            {
                if (_parts.TryGetValue(e.Part, out var part))
                {
                    part.Tell(e.Message, e.Reply ? Context.ActorOf(ReplyRelay.Wrapping(Sender)) : ActorRefs.NoSender);
                }
            });
            Receive<StorageConfigurationsReply>(_ => { });
        });
        Stash.UnstashAll();
    }
}
