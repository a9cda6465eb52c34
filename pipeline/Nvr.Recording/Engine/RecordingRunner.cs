using Nvr.Pipeline.Ingest;
using Nvr.Recording.Triggers;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Engine;

/// <summary>
/// Runs one recording plan: connects its receivers, builds the <see cref="RecordingSession"/> once every
/// configured receiver has described its streams (routes come from the plan's SourceTags), forwards reconnects
/// and failures to the session, and reports track and receiver states. Stopping closes the spans (writing their
/// span end objects).
/// </summary>
public sealed class RecordingRunner : IAsyncDisposable
{
    private readonly EngineSettings _settings;
    private readonly ISegmentSink _sink;
    private readonly IRunnerEvents _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SourceRunner> _sources = [];
    private readonly List<Task> _loops = [];
    private RecordingSession? _session;
    private EventGate? _gate;
    private Task _startup = Task.CompletedTask;
    private int _leaseLost;

    public RecordingRunner(RunnerPlan plan, EngineSettings settings, ISegmentSink sink, IRunnerEvents events)
    {
        Plan = plan;
        _settings = settings;
        _sink = sink;
        _events = events;
    }

    public RunnerPlan Plan { get; private set; }

    /// <summary>An internal event (seed 5.3.4): moves the event window when the plan's jobs record on events only.</summary>
    public bool OnEvent(ITriggerEvent notification) => _gate?.On(notification) ?? false;

    /// <summary>The recording's metadata tracks that <paramref name="source"/> feeds (they record its ONVIF metadata stream).</summary>
    private List<string> MetadataTracksOf(RunnerSourcePlan source)
    {
        var plan = Plan;
        var metadata = plan.Tracks.Where(t => t.Kind == Nvr.Pipeline.Media.MediaKind.Metadata).Select(t => t.Token).ToHashSet(StringComparer.Ordinal);
        var current = plan.Sources.FirstOrDefault(s => s.JobToken == source.JobToken && s.ReceiverToken == source.ReceiverToken) ?? source;
        return [.. current.Tracks.Select(t => t.Destination).Where(metadata.Contains).Distinct(StringComparer.Ordinal)];
    }

    public void Start()
    {
        _gate = EventGate.For(Plan);
        foreach (var source in Plan.Sources)
        {
            if (source.Endpoint is not { } endpoint)
            {
                var why = source.NotConnecting ?? $"receiver {source.ReceiverToken} is not configured to connect";
                foreach (var track in source.Tracks)
                {
                    _events.TrackState(source.JobToken, track.Destination, TrackRecordingState.Error, why);
                }

                continue;
            }

            var index = _sources.Count;
            var runner = new SourceRunner(
                source,
                endpoint,
                _settings,
                change =>
                {
                    LogLeaseLost(change);
                    _events.ReceiverState(source.ReceiverToken, change.Current);
                    if (change.Reason is { } reason)
                    {
                        _events.ReceiverFailed(source.ReceiverToken, ReceiverFailure.Of(reason));
                    }

                    OnConnectionChange(index, source, change);
                },
                streams => _session?.UpdateSourceStreams(index, streams),
                notification => _events.CameraEvent(notification, Plan.RecordingToken, MetadataTracksOf(source)));
            _sources.Add(runner);
            _loops.Add(Task.Run(() => runner.RunAsync(_stop.Token)));
        }

        if (_sources.Count > 0)
        {
            _startup = StartSessionWhenDescribedAsync();
        }

        _settings.Telemetry?.Register(this); // after the sources are added: the list is not changed after this
    }

    /// <summary>Applies a changed plan whose sources and tracks are the same: new target settings, override.</summary>
    public void Update(RunnerPlan plan)
    {
        Plan = plan;
        if (_session is null)
        {
            return;
        }

        _session.Reconfigure(plan.Target);
        ApplyOverride(_session, plan);
    }

    private static void ApplyOverride(RecordingSession session, RunnerPlan plan)
    {
        if (plan.Override is { } active)
        {
            session.OverrideSegmentDuration(active.Duration, active.ExpiresAtUtc);
        }
        else
        {
            session.ClearOverride();
        }
    }

    private async Task StartSessionWhenDescribedAsync()
    {
        try
        {
            var described = new List<RecordingSource>(_sources.Count);
            foreach (var source in _sources)
            {
                var streams = await source.FirstStreams.WaitAsync(_stop.Token).ConfigureAwait(false);
                var routes = source.Routes(streams, out var unmatched);
                foreach (var track in unmatched)
                {
                    ReportUnmatched(source.Plan, track);
                }

                described.Add(new RecordingSource(source.Channel.Reader, streams, routes) { Channel = source.Channel });
            }

            var options = new RecordingSessionOptions { NotBeforeUtc = _settings.SpanEnds.LastEnd(Plan.RecordingToken), Lease = _settings.Lease };
            var session = new RecordingSession(Plan.Target, Plan.Tracks, _sink, described, _settings.Time, options);
            session.TrackStatusChanged += OnTrackStatus;
            session.SegmentCompleted += segment =>
            {
                if (segment.Recovered)
                {
                    _events.Log($"recording {Plan.RecordingToken}: segment {segment.Key} cut by the writer lease loss recovered at its last fragment written under the lease ({segment.Bytes} bytes, media to {segment.EndUtc:HH:mm:ss.fff}Z)");
                }

                _events.SegmentCompleted(Plan.RecordingToken, segment);
            };
            session.SpanClosed += span =>
            {
                _settings.SpanEnds.Note(Plan.RecordingToken, span.EndUtc);
                _events.SpanClosed(Plan.RecordingToken, span);
            };
            session.StorageFailed += error => _events.Log($"recording {Plan.RecordingToken}: storage failed: {error.Message}");
            _gate?.Attach(session);
            _session = session;
            if (Plan.Override is not null)
            {
                ApplyOverride(session, Plan);
            }

            session.Start();
            _ = session.Completion.ContinueWith(
                t => _events.Failed(t.Exception!.GetBaseException()), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            _events.Log($"recording {Plan.RecordingToken} cannot start: {e.Message}");
            foreach (var source in Plan.Sources)
            {
                foreach (var track in source.Tracks)
                {
                    _events.TrackState(source.JobToken, track.Destination, TrackRecordingState.Error, e.Message);
                }
            }
        }
        catch (Exception e)
        {
            _events.Failed(e);
        }
    }

    /// <summary>
    /// A track the device assigned by default (seed 5.13) that the camera does not send is nothing to record (most
    /// cameras send no metadata unless asked): Idle with the reason. A SourceTag the client named is an Error.
    /// </summary>
    private void ReportUnmatched(RunnerSourcePlan source, TrackRoute track)
    {
        if (track.Defaulted)
        {
            _events.TrackState(source.JobToken, track.Destination, TrackRecordingState.Idle,
                $"no stream of receiver {source.ReceiverToken} matches the default SourceTag '{track.SourceTag}': nothing to record");
        }
        else
        {
            _events.TrackState(source.JobToken, track.Destination, TrackRecordingState.Error,
                $"SourceTag '{track.SourceTag}' matches no stream of receiver {source.ReceiverToken}");
        }
    }

    /// <summary>
    /// A lost RTSP session closes the spans and puts the source's tracks in Error (with the reason) until data flows
    /// again, which opens a new span; a camera that cannot be reached before the session exists is an Error too.
    /// </summary>
    private void OnConnectionChange(int index, RunnerSourcePlan source, ConnectionStateChange change)
    {
        if (_stop.IsCancellationRequested || change.Current == ConnectionState.Connected)
        {
            return;
        }

        if (_session is { } session)
        {
            if (change.Previous == ConnectionState.Connected)
            {
                session.ReportSourceFailure(index, change.Reason ?? new IOException($"the RTSP session of receiver {source.ReceiverToken} ended"));
            }
        }
        else if (change.Reason is { } reason)
        {
            foreach (var track in source.Tracks)
            {
                _events.TrackState(source.JobToken, track.Destination, TrackRecordingState.Error, TrackErrorReasons.SourceFailedWith(reason));
            }
        }
    }

    /// <summary>"writer lease lost" once per loss of the recording (any of its sources), again after it recorded under the lease.</summary>
    private void LogLeaseLost(ConnectionStateChange change)
    {
        if (change.Reason is Nvr.Pipeline.Ingest.WriterLeaseLostException)
        {
            if (Interlocked.Exchange(ref _leaseLost, 1) == 0)
            {
                _events.Log($"recording {Plan.RecordingToken}: writer lease lost: it writes nothing more and connects no camera until this node holds the lease again");
            }
        }
        else if (change.Current == ConnectionState.Connected)
        {
            Volatile.Write(ref _leaseLost, 0);
        }
    }

    private void OnTrackStatus(TrackStatusChanged change)
    {
        foreach (var source in Plan.Sources)
        {
            foreach (var track in source.Tracks)
            {
                if (track.Destination == change.Track)
                {
                    _events.TrackState(source.JobToken, change.Track, change.State, change.Reason);
                    break;
                }
            }
        }
    }

    /// <summary>A snapshot of this recording's session and ingest counters (any thread).</summary>
    public RunnerStatistics GetStatistics()
    {
        long packets = 0, bytes = 0, lost = 0, depacketizerDropped = 0, channelUnits = 0, channelGops = 0;
        foreach (var source in _sources.ToArray())
        {
            if (source.CurrentStatistics is { } ingest)
            {
                packets += ingest.Packets;
                bytes += ingest.Bytes;
                lost += ingest.LostPackets;
                depacketizerDropped += ingest.DroppedUnits;
            }

            channelUnits += source.Channel.DroppedUnits;
            channelGops += source.Channel.DroppedGops;
        }

        return new RunnerStatistics(Plan.RecordingToken, _session?.GetStatistics(), packets, bytes, lost, depacketizerDropped, channelUnits, channelGops);
    }

    public async ValueTask DisposeAsync()
    {
        _settings.Telemetry?.Unregister(this);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _startup.ConfigureAwait(false);
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_session is not null)
        {
            await _session.StopAsync().ConfigureAwait(false);
            await _session.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var source in _sources)
        {
            source.Channel.Complete();
            source.Channel.DrainAndRelease();
        }

        foreach (var source in Plan.Sources)
        {
            foreach (var track in source.Tracks)
            {
                _events.TrackState(source.JobToken, track.Destination, TrackRecordingState.Idle, null);
            }

            _events.ReceiverState(source.ReceiverToken, ConnectionState.NotConnected);
        }

        _stop.Dispose();
    }
}
