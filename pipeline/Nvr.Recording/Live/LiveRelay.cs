using System.Collections.Concurrent;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;
using Nvr.Recording.Engine;

namespace Nvr.Recording.Live;

/// <summary>
/// Live fan-out of the receivers' streams through the appliance's RTSP server: <c>/live/&lt;ReceiverToken&gt;</c>.
/// A receiver's source that a recording (or the standby of an AlwaysConnect receiver) keeps connected publishes its
/// channel here (<see cref="Publish"/>) and viewers tap it: one camera session, any number of viewers, the recording
/// untouched. A receiver nobody pulls is connected on demand (its endpoint from <see cref="EndpointOf"/>, which the
/// control plane supplies) and disconnected <see cref="LiveRelayOptions.Linger"/> after its last viewer left.
/// </summary>
public sealed class LiveRelay : IRtspMediaCatalog, IAsyncDisposable
{
    public const string PathPrefix = "/live/";

    private readonly ConcurrentDictionary<string, LiveFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _onDemandGate = new();
    private int _disposed;

    public LiveRelay(LiveRelayOptions? options = null) => Options = options ?? new LiveRelayOptions();

    public LiveRelayOptions Options { get; }

    public LiveRelayStatistics Statistics { get; } = new();

    /// <summary>Where a receiver connects (null: unknown receiver, or one without a media URI); set once by the host.</summary>
    public Func<string, CancellationToken, Task<ReceiverEndpoint?>>? EndpointOf { get; set; }

    /// <summary>The path of a receiver's live stream URI.</summary>
    public static string PathOf(string receiverToken) => PathPrefix + Uri.EscapeDataString(receiverToken);

    /// <summary>The streams of <paramref name="receiverToken"/> as its latest camera session described them; null when never connected.</summary>
    public LiveLayout? Known(string receiverToken) => _feeds.TryGetValue(receiverToken, out var feed) ? feed.Layout : null;

    /// <summary>Viewers of every receiver now.</summary>
    public int ActiveViewers => _feeds.Values.Sum(f => f.Viewers);

    /// <summary>Viewers of a receiver now.</summary>
    public int ViewersOf(string receiverToken) => _feeds.TryGetValue(receiverToken, out var feed) ? feed.Viewers : 0;

    /// <summary>
    /// A camera session of <paramref name="receiverToken"/> is up (first time or after a reconnect): viewers tap
    /// <paramref name="channel"/> from now on. Dispose the result when the source stops.
    /// </summary>
    public IDisposable Publish(string receiverToken, AccessUnitChannel channel, IReadOnlyList<StreamDescription> streams)
    {
        var feed = FeedOf(receiverToken);
        feed.Publish(channel, streams, onDemand: false);
        StopOnDemandIfRedundant(feed);
        return new Withdrawal(this, feed, channel);
    }

    public async ValueTask<IRtspMediaSource?> FindAsync(string path, CancellationToken cancellationToken)
    {
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal) || path.Length == PathPrefix.Length || path.IndexOf('/', PathPrefix.Length) >= 0)
        {
            return null;
        }

        var token = Uri.UnescapeDataString(path[PathPrefix.Length..]);
        var feed = FeedOf(token);
        feed.LastInterest = Options.Time.GetTimestamp();
        if (feed.CurrentLayout is null)
        {
            if (EndpointOf is not { } resolve || await resolve(token, cancellationToken).ConfigureAwait(false) is not { } endpoint)
            {
                return null;
            }

            feed.BeginDescribe();
            try
            {
                StartOnDemand(feed, endpoint);
                await feed.Described.WaitAsync(Options.DescribeTimeout, Options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
            finally
            {
                feed.LastInterest = Options.Time.GetTimestamp(); // the linger counts from the answer
                feed.EndDescribe();
            }
        }

        return feed.CurrentLayout is { } layout ? new LiveSource(this, feed, layout) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var feed in _feeds.Values)
        {
            await StopOnDemandAsync(feed).ConfigureAwait(false);
        }
    }

    private LiveFeed FeedOf(string token) => _feeds.GetOrAdd(token, t =>
    {
        var feed = new LiveFeed(t);
        feed.ViewerLeft += OnViewerLeft;
        return feed;
    });

    private void StartOnDemand(LiveFeed feed, ReceiverEndpoint endpoint)
    {
        lock (_onDemandGate)
        {
            if (feed.OnDemand is not null || feed.HasRecordingPublisher || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            feed.OnDemand = new OnDemandConnection(feed, endpoint, Options);
            Statistics.OnDemandStarted();
        }

        _ = LingerAsync(feed);
    }

    /// <summary>A recording's source took over: the relay's own camera session is one too many.</summary>
    private void StopOnDemandIfRedundant(LiveFeed feed)
    {
        if (feed.OnDemand is not null)
        {
            _ = StopOnDemandAsync(feed);
        }
    }

    private async Task StopOnDemandAsync(LiveFeed feed)
    {
        OnDemandConnection? connection;
        lock (_onDemandGate)
        {
            connection = feed.OnDemand;
            feed.OnDemand = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnViewerLeft(LiveFeed feed)
    {
        feed.LastInterest = Options.Time.GetTimestamp();
        if (feed.OnDemand is not null)
        {
            _ = LingerAsync(feed);
        }
    }

    /// <summary>Ends the on-demand session once nobody watched for <see cref="LiveRelayOptions.Linger"/>.</summary>
    private async Task LingerAsync(LiveFeed feed)
    {
        while (feed.OnDemand is not null)
        {
            var left = Options.Linger - Options.Time.GetElapsedTime(feed.LastInterest);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, Options.Time).ConfigureAwait(false);
                continue;
            }

            if (feed.Viewers > 0)
            {
                return; // the last viewer to leave starts the wait again
            }

            if (feed.IsDescribing)
            {
                await Task.Delay(Options.Linger, Options.Time).ConfigureAwait(false); // a DESCRIBE still waits for the camera
                continue;
            }

            await StopOnDemandAsync(feed).ConfigureAwait(false);
        }
    }

    /// <summary>A recording's source stopped: if viewers remain, the relay connects on its own.</summary>
    private void Withdrawn(LiveFeed feed, AccessUnitChannel channel)
    {
        feed.Withdraw(channel);
        if (feed.Viewers > 0 && !feed.HasRecordingPublisher && EndpointOf is { } resolve)
        {
            _ = Task.Run(async () =>
            {
                if (await resolve(feed.ReceiverToken, CancellationToken.None).ConfigureAwait(false) is { } endpoint)
                {
                    feed.LastInterest = Options.Time.GetTimestamp();
                    StartOnDemand(feed, endpoint);
                }
            });
        }
    }

    private sealed class Withdrawal(LiveRelay relay, LiveFeed feed, AccessUnitChannel channel) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                relay.Withdrawn(feed, channel);
            }
        }
    }

    /// <summary>What one RTSP session plays: the layout it was described, a new viewer per PLAY.</summary>
    private sealed class LiveSource(LiveRelay relay, LiveFeed feed, LiveLayout layout) : IRtspMediaSource
    {
        public IReadOnlyList<ServedStream> Streams => layout.Streams;

        public (DateTime Start, DateTime End)? RecordedRange => null;

        public bool IsLive => true;

        public IReplayCursor Open(DateTime? startUtc, CancellationToken cancellationToken) =>
            feed.AddViewer(layout, relay.Options.ViewerQueueUnits, relay.Statistics) ?? (IReplayCursor)EmptyCursor.Instance;
    }

    private sealed class EmptyCursor : IReplayCursor
    {
        public static readonly EmptyCursor Instance = new();

        public ServedFrame Current => default;

        public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
