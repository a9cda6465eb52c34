using System.Collections.Concurrent;
using System.Threading.Channels;
using Nvr.Codecs.Cenc.Config;
using Nvr.Pipeline.Media;
using Nvr.Recording.Session;
using Nvr.Storage.Sinks;

namespace Nvr.Recording;

/// <summary>
/// The data path of ONE recording: access units from one or more sources are routed to the recording's tracks and
/// written as Annex B spans and segments into an <see cref="ISegmentSink"/>. Everything (writers, decisions,
/// events) runs on one loop, never on two threads at once (see RecordingSession.Loop.cs); the sink calls run on the
/// storage's writer thread (Writing/SinkWriterThread.cs), never on the loop. The public methods only post requests to
/// it and may be called from any thread.
/// Events are raised on the loop: handlers must be quick and must not block.
/// </summary>
public sealed partial class RecordingSession : IAsyncDisposable
{
    private readonly Writing.SessionSinkQueue _sinkQueue;
    private readonly TimeProvider _time;
    private readonly RecordingSessionOptions _options;
    private readonly RecordingSource[] _sources;
    private readonly IReadOnlyList<StreamDescription>[] _streams;
    private readonly TrackLane[] _lanes;
    private readonly FirstReportWait _firstReport;
    private readonly SlewPolicy _slew;
    private readonly PreEventGate _gate;
    private readonly Dictionary<string, TrackLane> _lanesByToken = new(StringComparer.Ordinal);
    private readonly TrackLane?[][] _routes;
    private readonly Channel<SessionInput> _handOff;
    private readonly SourceTarget?[] _targets;
    private readonly ConcurrentQueue<SessionCommand> _commands = new();
    private readonly CancellationTokenSource _stopPumps = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RecordingTarget _target;
    private EncryptionConfiguration _encryption;
    private TimeSpan? _overrideTarget;
    private DateTimeOffset _overrideExpiresAt;
    private bool _newSpanRequested;
    private int _started;
    private bool _stopping;
    private long _unitsReceived;
    private long _samplesWritten;
    private long _unitsDiscarded;
    private long _writerDropped;
    private long _segmentsCompleted;
    private long _spansClosed;
    private long _bytesWritten;
    private long _storageFailures;
    private long _sinkBacklogWaits;

    /// <param name="target">Format, prefix/postfix, durations, encryption (validated here).</param>
    /// <param name="tracks">The recording's tracks.</param>
    /// <param name="sink">Where segment and span end objects go.</param>
    /// <param name="sources">The ingests feeding the recording, with their routes to <paramref name="tracks"/>.</param>
    /// <param name="time">Clock for override expiry.</param>
    /// <param name="options">Tuning; null for defaults.</param>
    /// <exception cref="InvalidEncryptionConfigurationException">The encryption entries overlap or are too many.</exception>
    /// <exception cref="ArgumentException">A route names an unknown track, or a duration is not positive.</exception>
    public RecordingSession(
        RecordingTarget target,
        IReadOnlyList<RecordingTrack> tracks,
        ISegmentSink sink,
        IReadOnlyList<RecordingSource> sources,
        TimeProvider? time = null,
        RecordingSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(sources);
        ValidateTarget(target);
        _target = target;
        _encryption = EncryptionConfiguration.Create(target.Encryption);
        _time = time ?? TimeProvider.System;
        _options = options ?? new RecordingSessionOptions();
        _sinkQueue = new Writing.SessionSinkQueue(sink, _options.SinkBacklogMaxBytes, () => Schedule(inline: false), _options.Lease);
        _notBeforeUtc = _options.NotBeforeUtc;
        _lanes = new TrackLane[tracks.Count];
        for (int i = 0; i < tracks.Count; i++)
        {
            _lanes[i] = new TrackLane(tracks[i], i, _options.ReorderLookahead);
            if (!_lanesByToken.TryAdd(tracks[i].Token, _lanes[i]))
            {
                throw new ArgumentException($"track token '{tracks[i].Token}' is listed twice", nameof(tracks));
            }
        }

        _firstReport = new FirstReportWait(_lanes, _options.FirstSenderReportWait);
        _slew = new SlewPolicy(_options.MaxSlewPpm, _options.MaxClockStep);
        _gate = new PreEventGate(_options.PreEventMaxBytes);
        _sources = [.. sources];
        _streams = new IReadOnlyList<StreamDescription>[_sources.Length];
        _routes = new TrackLane?[_sources.Length][];
        for (int s = 0; s < _sources.Length; s++)
        {
            _streams[s] = _sources[s].Streams;
            int maxIndex = -1;
            foreach (var (index, _) in _sources[s].Routes)
            {
                maxIndex = Math.Max(maxIndex, index);
            }

            _routes[s] = new TrackLane?[maxIndex + 1];
            foreach (var (index, token) in _sources[s].Routes)
            {
                if (index < 0 || !_lanesByToken.TryGetValue(token, out var lane))
                {
                    throw new ArgumentException($"source {s} routes stream {index} to unknown track '{token}'", nameof(sources));
                }

                _routes[s][index] = lane;
            }

            AssignStreams(s);
        }

        _targets = new SourceTarget?[_sources.Length];
        var capacity = Math.Max(1, _options.HandOffCapacity);
        foreach (var source in _sources)
        {
            capacity += source.Channel?.Capacity ?? 0; // a forwarded source queues here instead of in its channel: same bound
        }

        _handOff = Channel.CreateBounded<SessionInput>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>A track started receiving data, or failed (with a reason).</summary>
    public event Action<TrackStatusChanged>? TrackStatusChanged;

    /// <summary>A segment object was completed in the sink (or aborted after a sink failure: <see cref="SegmentCompleted.Stored"/>).</summary>
    public event Action<SegmentCompleted>? SegmentCompleted;

    /// <summary>A span was closed and its end object written.</summary>
    public event Action<SpanClosed>? SpanClosed;

    /// <summary>A sink operation failed (the session goes on with the next segment).</summary>
    public event Action<Exception>? StorageFailed;

    /// <summary>Completes when the session has stopped: all spans closed, their objects written and every event raised.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The target currently applied (after <see cref="Reconfigure"/>).</summary>
    public RecordingTarget Target => Volatile.Read(ref _target);

    /// <summary>Current per-track states.</summary>
    public IReadOnlyDictionary<string, TrackRecordingState> TrackStates
    {
        get
        {
            var states = new Dictionary<string, TrackRecordingState>(_lanes.Length, StringComparer.Ordinal);
            foreach (var lane in _lanes)
            {
                states[lane.Token] = lane.State;
            }

            return states;
        }
    }

    /// <summary>Starts the loop and the source pumps (once).</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _started, 1, 0) != 0)
        {
            return;
        }

        for (int s = 0; s < _sources.Length; s++)
        {
            if (_sources[s].Channel is { } channel)
            {
                _targets[s] = new SourceTarget(this, s);
                channel.Forward(_targets[s]!);
            }
            else
            {
                _ = PumpAsync(s);
            }
        }

        Interlocked.Exchange(ref _started, 2); // from now on a unit or request runs the loop (see Schedule)
        Schedule(inline: false);               // what was queued while the sources were attached
    }

    /// <summary>Stops: drains the reorder buffers, closes every span (writes the <c>_end</c> objects), ends the loop.</summary>
    public Task StopAsync()
    {
        Post(new SessionCommand.Stop());
        if (Volatile.Read(ref _started) == 0)
        {
            Start();
        }

        return Completion;
    }

    /// <summary>
    /// Seed 5.24: closes the current segments at the next key frame and records segments of
    /// <paramref name="targetSegmentDuration"/> until <paramref name="expiresAt"/>; the segment open at expiry keeps the
    /// override, the next one reverts. A new override replaces the previous one.
    /// </summary>
    public void OverrideSegmentDuration(TimeSpan targetSegmentDuration, DateTimeOffset expiresAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(targetSegmentDuration, TimeSpan.Zero);
        Post(new SessionCommand.Override(targetSegmentDuration, expiresAt));
    }

    /// <summary>Removes the override; the next segment uses the configured duration.</summary>
    public void ClearOverride() => Post(new SessionCommand.ClearOverride());

    /// <summary>
    /// Applies a new target from the next segment on. Duration changes apply to the next segment; a change of format,
    /// prefix, postfix or encryption changes the objects' identity or <c>moov</c>, so the spans are closed and new ones
    /// opened at the next key frame (open segments keep the old configuration, B.8). Clears an override (5.24).
    /// </summary>
    /// <exception cref="InvalidEncryptionConfigurationException">Invalid encryption entries.</exception>
    public void Reconfigure(RecordingTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ValidateTarget(target);
        Post(new SessionCommand.Reconfigure(target, EncryptionConfiguration.Create(target.Encryption)));
    }

    /// <summary>A source reconnected with new stream descriptions (same routes by stream index).</summary>
    public void UpdateSourceStreams(int source, IReadOnlyList<StreamDescription> streams)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)source, (uint)_sources.Length);
        ArgumentNullException.ThrowIfNull(streams);
        Post(new SessionCommand.UpdateStreams(source, streams));
    }

    /// <summary>A source failed (e.g. its RTSP session dropped): spans are closed and its tracks go to Error.</summary>
    public void ReportSourceFailure(int source, Exception error)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)source, (uint)_sources.Length);
        Post(new SessionCommand.SourceEnded(source, error));
    }

    /// <summary>A snapshot of the counters.</summary>
    public RecordingSessionStatistics GetStatistics() => new(
        Volatile.Read(ref _unitsReceived),
        Volatile.Read(ref _samplesWritten),
        Volatile.Read(ref _unitsDiscarded),
        Volatile.Read(ref _writerDropped),
        Volatile.Read(ref _segmentsCompleted),
        Volatile.Read(ref _spansClosed),
        Volatile.Read(ref _bytesWritten),
        Volatile.Read(ref _storageFailures),
        _gate.HeldCount,
        _gate.HeldBytes,
        _gate.Released,
        _gate.GopsDropped,
        _sinkQueue.BacklogBytes,
        Volatile.Read(ref _sinkBacklogWaits));

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopPumps.Dispose();
    }

    private static void ValidateTarget(RecordingTarget target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target.SegmentDuration, TimeSpan.Zero, nameof(target.SegmentDuration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target.FragmentDuration, TimeSpan.Zero, nameof(target.FragmentDuration));
        if (target.SpanDuration is { } span)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(target.SpanDuration));
        }
    }

    private void Post(SessionCommand command)
    {
        _commands.Enqueue(command);
        Schedule(inline: false); // an idle loop runs on the pool, not on the caller's (e.g. an actor's) thread
    }

    private async Task PumpAsync(int source)
    {
        var reader = _sources[source].Units;
        Exception? error = null;
        try
        {
            while (await reader.WaitToReadAsync(_stopPumps.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var unit))
                {
                    try
                    {
                        await _handOff.Writer.WriteAsync(new SessionInput(unit, source), _stopPumps.Token).ConfigureAwait(false);
                        Schedule(inline: true);
                    }
                    catch
                    {
                        unit.Release();
                        throw;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopPumps.IsCancellationRequested)
        {
            return;
        }
        catch (ChannelClosedException e)
        {
            error = e.InnerException;
        }
        catch (Exception e)
        {
            error = e;
        }

        try
        {
            // in order after the source's last unit (a command could overtake the units still in the hand-off)
            await _handOff.Writer.WriteAsync(new SessionInput(null, source, SourceEnded: true, error), _stopPumps.Token).ConfigureAwait(false);
            Schedule(inline: false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // the session is stopping: nothing more to report
        }
    }
}
