using Nvr.Control.Events;
using Nvr.Recording.Engine;
using Prometheus;

namespace Nvr.Protocol.Operations;

/// <summary>
/// The appliance's Prometheus metrics, in a registry of its own (one per host, so two appliances in one process do
/// not mix). Event-driven series (segments, job states, reconnects) are fed by <see cref="OperationsFeedActor"/>;
/// the data path's own counters (frames, drops, spool) are read from <see cref="RunnerTelemetry"/> at each scrape.
/// Names and meanings: docs/operations.md.
/// </summary>
public sealed class ApplianceMetrics
{
    /// <summary>The job states of seed 5.19 / Core; the state series of a job is 1 for its current state, 0 else.</summary>
    public static readonly IReadOnlyList<string> JobStates = ["Idle", "Active", "PartiallyActive", "Error"];

    private readonly RunnerTelemetry? _telemetry;
    private readonly Func<IReadOnlyList<(string Storage, string Directory)>> _localStorages;
    private readonly string _spoolRoot;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _receiverStates = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private readonly Counter _segments;
    private readonly Counter _segmentsFailed;
    private readonly Counter _segmentBytes;
    private readonly Counter _recordedSeconds;
    private readonly Gauge _bitrate;
    private readonly Histogram _closeLatency;
    private readonly Gauge _jobState;
    private readonly Counter _reconnects;
    private readonly Gauge _receiverConnected;
    private readonly Counter _frames;
    private readonly Counter _samples;
    private readonly Counter _dropped;
    private readonly Counter _droppedGops;
    private readonly Counter _storageFailures;
    private readonly Gauge _rtpPackets;
    private readonly Gauge _rtpLost;
    private readonly Gauge _spoolBytes;
    private readonly Gauge _spoolQueued;
    private readonly Counter _uploadErrors;
    private readonly Counter _uploaded;
    private readonly Gauge _freeBytes;
    private readonly Gauge _usedBytes;
    private readonly Gauge _liveViewers;
    private readonly Counter _liveDroppedGops;
    private readonly Counter _liveOnDemand;
    private readonly Counter _clockSteps;
    private readonly Gauge _lastClockStep;

    public ApplianceMetrics(RunnerTelemetry? telemetry, Func<IReadOnlyList<(string Storage, string Directory)>> localStorages, string spoolRoot, TimeProvider time)
    {
        _telemetry = telemetry;
        _localStorages = localStorages;
        _spoolRoot = spoolRoot;
        _time = time;
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        string[] recording = ["recording"];
        _segments = f.CreateCounter("nvr_segments_written_total", "Segment objects completed in their storage.", recording);
        _segmentsFailed = f.CreateCounter("nvr_segments_failed_total", "Segment objects aborted because the sink failed.", recording);
        _segmentBytes = f.CreateCounter("nvr_recorded_bytes_total", "Bytes of the completed segment objects.", recording);
        _recordedSeconds = f.CreateCounter("nvr_recorded_seconds_total", "Media time covered by the completed segment objects.", recording);
        _bitrate = f.CreateGauge("nvr_recording_bitrate_bits_per_second", "Bit rate of the last completed segment (bytes * 8 / its duration).", recording);
        _closeLatency = f.CreateHistogram("nvr_segment_close_latency_seconds", "From the end of a segment's last sample to its object being complete.",
            new HistogramConfiguration { LabelNames = recording, Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        _jobState = f.CreateGauge("nvr_recording_job_state", "1 for the current state of a recording job, 0 for the others.", "job", "state");
        _reconnects = f.CreateCounter("nvr_receiver_reconnects_total", "Times a receiver left Connected (the camera dropped or failed) and reconnects.", "receiver");
        _receiverConnected = f.CreateGauge("nvr_receiver_connected", "1 while the receiver is Connected.", "receiver");
        _frames = f.CreateCounter("nvr_recording_frames_total", "Access units (frames, audio units) read from the camera by the running recording.", recording);
        _samples = f.CreateCounter("nvr_recording_samples_written_total", "Samples handed to the segment writers by the running recording.", recording);
        _dropped = f.CreateCounter("nvr_recording_dropped_units_total", "Access units dropped, by stage (depacketizer: incomplete after loss; channel: consumer too slow; writer: refused; discarded: no route or before the first key frame).", "recording", "stage");
        _droppedGops = f.CreateCounter("nvr_recording_dropped_gops_total", "Drop episodes of the ingest channel (dropping until the next key frame).", recording);
        _storageFailures = f.CreateCounter("nvr_recording_storage_failures_total", "Sink operations of the running recording that failed.", recording);
        _rtpPackets = f.CreateGauge("nvr_receiver_rtp_packets", "RTP packets received in the current RTSP session of the recording's sources.", recording);
        _rtpLost = f.CreateGauge("nvr_receiver_rtp_lost_packets", "RTP packets lost in the current RTSP session of the recording's sources.", recording);
        _spoolBytes = f.CreateGauge("nvr_spool_bytes", "Bytes on the spool disk waiting for upload (all spooled storages when storage=\"all\").", "storage");
        _spoolQueued = f.CreateGauge("nvr_spool_queued_objects", "Completed objects waiting for upload.", "storage");
        _uploadErrors = f.CreateCounter("nvr_upload_errors_total", "Failed upload attempts of spooled objects.", "storage");
        _uploaded = f.CreateCounter("nvr_uploaded_objects_total", "Spooled objects uploaded.", "storage");
        _freeBytes = f.CreateGauge("nvr_storage_free_bytes", "Bytes available on the file system of a local storage.", "storage");
        _usedBytes = f.CreateGauge("nvr_storage_used_bytes", "Bytes of the files under a local storage's directory.", "storage");
        SoapRequests = f.CreateCounter("nvr_soap_requests_total", "SOAP requests by service path, operation and outcome (ok, fault).", "service", "operation", "outcome");
        SoapDuration = f.CreateHistogram("nvr_soap_request_duration_seconds", "Time to answer a SOAP request.",
            new HistogramConfiguration { LabelNames = ["service", "operation"], Buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
        AuthFailures = f.CreateCounter("nvr_auth_failures_total", "Refused credentials, by mechanism (wsse, digest, console).", "mechanism");
        _liveViewers = f.CreateGauge("nvr_live_viewers", "Viewers playing a receiver's live stream (/live/<receiver>) now.");
        _liveDroppedGops = f.CreateCounter("nvr_live_dropped_gops_total", "GOPs live viewers lost because their queue was full (the recording lost nothing).");
        _liveOnDemand = f.CreateCounter("nvr_live_on_demand_sessions_total", "Camera sessions the live relay opened itself (no recording pulled the receiver).");
        _clockSteps = f.CreateCounter("nvr_wall_clock_steps_total", "Steps of the host's wall clock against its monotonic clock (more than 2 s at once).");
        _lastClockStep = f.CreateGauge("nvr_wall_clock_last_step_seconds", "Size of the last wall clock step (negative: backward).");
        Registry.AddBeforeCollectCallback(Refresh);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The live relay whose counters are exported (null: none).</summary>
    public Nvr.Recording.Live.LiveRelay? Live { get; set; }

    /// <summary>Compared at each scrape too, so that a step shows in the scrape right after it (null: none).</summary>
    public WallClockStepMonitor? ClockSteps { get; set; }

    public Counter SoapRequests { get; }

    public Histogram SoapDuration { get; }

    /// <summary>Count one refused credential: <c>AuthFailures.WithLabels("wsse").Inc()</c>.</summary>
    public Counter AuthFailures { get; }

    public void OnSegment(SegmentRecordedEvent segment)
    {
        if (!segment.Stored)
        {
            _segmentsFailed.WithLabels(segment.RecordingToken).Inc();
            return;
        }

        _segments.WithLabels(segment.RecordingToken).Inc();
        _segmentBytes.WithLabels(segment.RecordingToken).Inc(segment.Bytes);
        var seconds = (segment.EndUtc - segment.StartUtc).TotalSeconds;
        if (seconds > 0)
        {
            _recordedSeconds.WithLabels(segment.RecordingToken).Inc(seconds);
            _bitrate.WithLabels(segment.RecordingToken).Set(segment.Bytes * 8 / seconds);
        }

        var latency = (_time.GetUtcNow().UtcDateTime - segment.EndUtc).TotalSeconds;
        _closeLatency.WithLabels(segment.RecordingToken).Observe(Math.Max(0, latency));
    }

    /// <summary>Counts a step of the host's wall clock (<see cref="WallClockStepMonitor"/>).</summary>
    public void OnWallClockStep(TimeSpan step)
    {
        _clockSteps.Inc();
        _lastClockStep.Set(step.TotalSeconds);
    }

    public void OnJobState(RecordingJobStateEvent state)
    {
        foreach (var known in JobStates)
        {
            _jobState.WithLabels(state.RecordingJobToken, known).Set(known == state.State ? 1 : 0);
        }
    }

    public void OnReceiverState(ReceiverStateEvent state)
    {
        lock (_lock)
        {
            if (_receiverStates.TryGetValue(state.ReceiverToken, out var previous) && previous == "Connected" && state.State == "Connecting")
            {
                _reconnects.WithLabels(state.ReceiverToken).Inc();
            }

            _receiverStates[state.ReceiverToken] = state.State;
        }

        _reconnects.WithLabels(state.ReceiverToken); // the series exists (0) from the first state on
        _receiverConnected.WithLabels(state.ReceiverToken).Set(state.State == "Connected" ? 1 : 0);
    }

    private void Refresh()
    {
        ClockSteps?.Check();
        if (Live is { } live)
        {
            _liveViewers.Set(live.ActiveViewers);
            _liveDroppedGops.IncTo(live.Statistics.DroppedGops);
            _liveOnDemand.IncTo(live.Statistics.OnDemandSessions);
        }

        foreach (var runner in _telemetry?.Runners() ?? [])
        {
            var token = runner.RecordingToken;
            if (runner.Session is { } session)
            {
                _frames.WithLabels(token).IncTo(session.UnitsReceived);
                _samples.WithLabels(token).IncTo(session.SamplesWritten);
                _dropped.WithLabels(token, "writer").IncTo(session.WriterDroppedSamples);
                _dropped.WithLabels(token, "discarded").IncTo(session.UnitsDiscarded);
                _storageFailures.WithLabels(token).IncTo(session.StorageFailures);
            }

            _dropped.WithLabels(token, "channel").IncTo(runner.ChannelDroppedUnits);
            _dropped.WithLabels(token, "depacketizer").IncTo(runner.DepacketizerDroppedUnits);
            _droppedGops.WithLabels(token).IncTo(runner.ChannelDroppedGops);
            _rtpPackets.WithLabels(token).Set(runner.RtpPackets);
            _rtpLost.WithLabels(token).Set(runner.RtpLost);
        }

        foreach (var (storage, spool) in _telemetry?.Spools() ?? [])
        {
            _spoolBytes.WithLabels(storage).Set(spool.SpooledBytes);
            _spoolQueued.WithLabels(storage).Set(spool.QueuedObjects);
            _uploadErrors.WithLabels(storage).IncTo(spool.FailedAttempts);
            _uploaded.WithLabels(storage).IncTo(spool.UploadedObjects);
        }

        _spoolBytes.WithLabels("all").Set(StorageUsage.DirectoryBytes(_spoolRoot));
        foreach (var (storage, directory) in _localStorages())
        {
            _usedBytes.WithLabels(storage).Set(StorageUsage.DirectoryBytes(directory));
            if (StorageUsage.FreeBytes(directory) is { } free)
            {
                _freeBytes.WithLabels(storage).Set(free);
            }
        }
    }
}
