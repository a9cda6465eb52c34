using Nvr.Pipeline.Ingest;
using Nvr.Recording.Triggers;

namespace Nvr.Recording.Engine;

/// <summary>
/// An AlwaysConnect receiver that no recording uses: kept connected (with backoff) and its media discarded, so
/// its connection state is real and recording can start from a live stream; the camera's metadata notifications
/// still reach the internal event stream (they may start event recording elsewhere).
/// </summary>
public sealed class StandbyReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Task _drain;
    private readonly SourceRunner _runner;

    public StandbyReceiver(
        string receiverToken, ReceiverEndpoint endpoint, EngineSettings settings,
        Action<ConnectionStateChange> stateChanged, Action<CameraNotification>? cameraEvent = null)
    {
        ReceiverToken = receiverToken;
        Endpoint = endpoint;
        var plan = new RunnerSourcePlan(string.Empty, receiverToken, endpoint, []);
        _runner = new SourceRunner(plan, endpoint, settings, stateChanged, _ => { }, cameraEvent);
        _loop = Task.Run(() => _runner.RunAsync(_stop.Token));
        _drain = Task.Run(DrainAsync);
    }

    public string ReceiverToken { get; }

    public ReceiverEndpoint Endpoint { get; }

    private async Task DrainAsync()
    {
        try
        {
            await foreach (var unit in _runner.Channel.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                unit.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loop, _drain).ConfigureAwait(false);
        _runner.Channel.Complete();
        _runner.Channel.DrainAndRelease();
        _stop.Dispose();
    }
}
