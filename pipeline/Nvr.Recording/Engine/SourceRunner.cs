using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtsp;
using Nvr.Recording.Triggers;

namespace Nvr.Recording.Engine;

/// <summary>
/// One receiver of a plan kept connected: a reconnect loop over RTSP sessions writing into one access-unit channel.
/// <see cref="FirstStreams"/> completes with the stream descriptions of the first successful connection.
/// </summary>
public sealed class SourceRunner
{
    private readonly ReconnectLoop _loop;
    private readonly TaskCompletionSource<IReadOnlyList<StreamDescription>> _firstStreams = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Nvr.Recording.Live.LiveRelay? _live;
    private RtspIngest? _current;
    private IDisposable? _published;

    public SourceRunner(
        RunnerSourcePlan plan,
        ReceiverEndpoint endpoint,
        EngineSettings settings,
        Action<ConnectionStateChange> stateChanged,
        Action<IReadOnlyList<StreamDescription>> reconnected,
        Action<CameraNotification>? cameraEvent = null)
    {
        Plan = plan;
        var options = new RtspIngestOptions(endpoint.MediaUri)
        {
            Transport = endpoint.Transport,
            Time = settings.Time,
            ReadPacer = settings.ReadPacer,
            DefaultCredentials = settings.DefaultCredentials,
        };
        Channel = new AccessUnitChannel(options.ChannelCapacity);
        if (cameraEvent is not null)
        {
            var time = settings.Time;
            Channel.MetadataObserver = unit =>
            {
                if (unit.NalUnitCount > 0)
                {
                    foreach (var notification in MetadataEventReader.Read(unit.GetNalUnit(0).Span, time.GetUtcNow()))
                    {
                        cameraEvent(notification);
                    }
                }
            };
        }

        _live = settings.Live;
        _loop = ReconnectLoop.ForRtsp(options, Channel, settings.Reconnect, ingest => _current = ingest);
        _loop.Lease = settings.Lease; // cluster mode: no camera session without the writer lease
        _loop.StateChanged += change =>
        {
            if (change.Current == ConnectionState.Connected && _current is { } ingest)
            {
                // live viewers of this receiver tap this channel (one camera session for recording and viewers)
                var published = _live?.Publish(plan.ReceiverToken, Channel, ingest.Streams);
                Interlocked.CompareExchange(ref _published, published, null); // after a reconnect the first withdrawal still covers the channel

                if (!_firstStreams.TrySetResult(ingest.Streams))
                {
                    reconnected(ingest.Streams);
                }
            }

            stateChanged(change);
        };
    }

    public RunnerSourcePlan Plan { get; }

    public AccessUnitChannel Channel { get; }

    public Task<IReadOnlyList<StreamDescription>> FirstStreams => _firstStreams.Task;

    public Exception? LastError => _loop.LastError;

    /// <summary>The counters of the current RTSP session (null before the first connection).</summary>
    public Nvr.Pipeline.Ingest.IngestStatistics? CurrentStatistics => _current?.GetStatistics();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _published, null)?.Dispose(); // viewers left on their own get the relay's own session
        }
    }

    /// <summary>Maps the plan's tracks onto the streams; tags that match no stream are returned in <paramref name="unmatched"/>.</summary>
    public Dictionary<int, string> Routes(IReadOnlyList<StreamDescription> streams, out List<TrackRoute> unmatched) =>
        RoutesOf(Plan.Tracks, streams, out unmatched);

    /// <summary>Maps <paramref name="tracks"/> onto <paramref name="streams"/> (stream index → recording track); a stream feeds one track.</summary>
    public static Dictionary<int, string> RoutesOf(IReadOnlyList<TrackRoute> tracks, IReadOnlyList<StreamDescription> streams, out List<TrackRoute> unmatched)
    {
        var routes = new Dictionary<int, string>();
        unmatched = [];
        foreach (var track in tracks)
        {
            if (SourceTagMatcher.Match(track.SourceTag, streams) is { } index && !routes.ContainsKey(index))
            {
                routes[index] = track.Destination;
            }
            else
            {
                unmatched.Add(track);
            }
        }

        return routes;
    }
}
