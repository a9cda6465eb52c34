using Akka.Actor;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;
using Nvr.Control.Schedules;
using Nvr.Control.Schedules.Messages;
using Nvr.Scheduling.Model;

namespace Nvr.Control;

/// <summary>
/// The running control plane: one actor system with persistence on the configured database and the recording
/// control actor. Dispose (or <see cref="StopAsync"/>) terminates the actor system cleanly.
/// </summary>
public sealed class ControlPlane : IAsyncDisposable
{
    private ControlPlane(ActorSystem system, IActorRef recordingControl, IActorRef schedules, ControlLimits limits, ScheduleServiceCapabilities scheduleCapabilities, TimeProvider time)
    {
        DeviceSettings = system.ActorOf(Device.DeviceSettingsActor.Props(), "device-settings");
        Time = time;
        System = system;
        RecordingControl = recordingControl;
        Schedules = schedules;
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

    public ControlLimits Limits { get; }

    /// <summary>The clock of the control plane (the one every actor reads).</summary>
    public TimeProvider Time { get; }

    public ScheduleServiceCapabilities ScheduleCapabilities { get; }

    /// <param name="timeZone">IANA zone of the appliance: iCalendar floating times are local times there.</param>
    /// <param name="engineProps">The recording engine (told every plan change); null: no engine, elected tracks count as Active.</param>
    public static ControlPlane Start(
        PersistenceOptions persistence, ControlLimits limits, TimeProvider time, string name = "nvr",
        string timeZone = "UTC", ScheduleServiceCapabilities? scheduleCapabilities = null, Props? engineProps = null)
    {
        var system = ActorSystem.Create(name, ControlSystemConfig.Build(persistence));
        var engine = engineProps is null ? null : system.ActorOf(engineProps, "recording-engine");

        // The engine subscribes to the internal event stream when it starts (PreStart, asynchronous): wait for it, so
        // that no event published from here on (schedule states at recovery, a client's first events) is missed.
        engine?.Ask<ActorIdentity>(new Identify("engine-ready"), TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        var recordingControl = system.ActorOf(RecordingControlActor.Props(limits, time, engine: engine), "recording-control");
        var capabilities = scheduleCapabilities ?? new ScheduleServiceCapabilities();
        var schedules = system.ActorOf(ScheduleActor.Props(capabilities, timeZone, time, recordingControl), "schedules");
        recordingControl.Tell(new AttachScheduleService(schedules));
        return new ControlPlane(system, recordingControl, schedules, limits, capabilities, time);
    }

    /// <summary>Sends a command to the schedule actor and awaits its reply.</summary>
    public Task<object> AskSchedulesAsync(object command, CancellationToken cancellationToken = default) =>
        Schedules.Ask<object>(command, TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Sends a command and awaits its reply (a result record or <c>CommandRejected</c>).</summary>
    public Task<object> AskAsync(object command, CancellationToken cancellationToken = default) =>
        RecordingControl.Ask<object>(command, TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Sends a command to the device settings actor and awaits its reply.</summary>
    public Task<object> AskDeviceAsync(object command, CancellationToken cancellationToken = default) =>
        DeviceSettings.Ask<object>(command, TimeSpan.FromSeconds(30), cancellationToken);

    public async Task StopAsync() => await System.Terminate().ConfigureAwait(false);

    public ValueTask DisposeAsync() => new(StopAsync());
}
