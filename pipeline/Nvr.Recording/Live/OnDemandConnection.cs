using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Recording.Engine;

namespace Nvr.Recording.Live;

/// <summary>
/// The relay's own camera session for a receiver no recording pulls: a reconnect loop into a channel whose units are
/// only tapped by the feed (the channel itself releases them at once: nothing records them).
/// </summary>
internal sealed class OnDemandConnection : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly AccessUnitChannel _channel = new(capacity: 1);
    private readonly LiveFeed _feed;
    private readonly Task _loop;
    private RtspIngest? _ingest;

    public OnDemandConnection(LiveFeed feed, ReceiverEndpoint endpoint, LiveRelayOptions options)
    {
        _feed = feed;
        _channel.Forward(Discard.Instance);
        var ingest = new RtspIngestOptions(endpoint.MediaUri) { Transport = endpoint.Transport, Time = options.Time, DefaultCredentials = options.DefaultCredentials };
        var loop = ReconnectLoop.ForRtsp(ingest, _channel, options.Reconnect, session => _ingest = session);
        loop.StateChanged += change =>
        {
            if (change.Current == ConnectionState.Connected && _ingest is { } session)
            {
                _feed.Publish(_channel, session.Streams, onDemand: true);
            }
        };
        _loop = Task.Run(() => loop.RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _feed.Withdraw(_channel);
        _channel.Complete();
        _stop.Dispose();
    }

    /// <summary>Takes every unit and releases it (the feed took its own references before).</summary>
    private sealed class Discard : IAccessUnitTarget
    {
        public static readonly Discard Instance = new();

        public bool TryWrite(AccessUnit unit)
        {
            unit.Release();
            return true;
        }

        public void Complete(Exception? error)
        {
        }
    }
}
