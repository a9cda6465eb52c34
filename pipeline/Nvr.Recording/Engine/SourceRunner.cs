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
    private RtspIngest? _current;

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

        _loop = ReconnectLoop.ForRtsp(options, Channel, settings.Reconnect, ingest => _current = ingest);
        _loop.StateChanged += change =>
        {
            if (change.Current == ConnectionState.Connected && _current is { } ingest)
            {
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

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(cancellationToken);

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
