using Akka.Actor;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;

namespace Nvr.Control;

/// <summary>
/// The running control plane: one actor system with persistence on the configured database and the recording
/// control actor. Dispose (or <see cref="StopAsync"/>) terminates the actor system cleanly.
/// </summary>
public sealed class ControlPlane : IAsyncDisposable
{
    private ControlPlane(ActorSystem system, IActorRef recordingControl, ControlLimits limits)
    {
        System = system;
        RecordingControl = recordingControl;
        Limits = limits;
    }

    public ActorSystem System { get; }

    /// <summary>The actor owning recordings, tracks, recording jobs and receivers.</summary>
    public IActorRef RecordingControl { get; }

    public ControlLimits Limits { get; }

    public static ControlPlane Start(PersistenceOptions persistence, ControlLimits limits, TimeProvider time, string name = "nvr")
    {
        var system = ActorSystem.Create(name, ControlSystemConfig.Build(persistence));
        var recordingControl = system.ActorOf(RecordingControlActor.Props(limits, time), "recording-control");
        return new ControlPlane(system, recordingControl, limits);
    }

    /// <summary>Sends a command and awaits its reply (a result record or <c>CommandRejected</c>).</summary>
    public Task<object> AskAsync(object command, CancellationToken cancellationToken = default) =>
        RecordingControl.Ask<object>(command, TimeSpan.FromSeconds(30), cancellationToken);

    public async Task StopAsync() => await System.Terminate().ConfigureAwait(false);

    public ValueTask DisposeAsync() => new(StopAsync());
}
