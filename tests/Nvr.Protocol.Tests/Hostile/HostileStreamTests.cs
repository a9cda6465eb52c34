using System.Globalization;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Recording;
using Nvr.Storage.Keys;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// Issue 17, cameras whose stream is hostile rather than their protocol: a codec configuration change mid-stream, an
/// SDP and stream without codec data, RTP timestamps and sequence numbers that jump wildly. The appliance stays up,
/// reports what it cannot record on the job, never completes a segment that does not probe clean, and records normally
/// once the camera behaves.
/// </summary>
public sealed class HostileStreamTests : IClassFixture<HostileApplianceFixture>
{
    private static readonly TimeSpan Patience = HostileApplianceFixture.Patience;
    private readonly HostileApplianceFixture _fixture;

    public HostileStreamTests(HostileApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_resolution_change_mid_stream_starts_a_new_span_with_the_new_configuration()
    {
        using var segments = new EventCollector<SegmentRecordedEvent>(_fixture.Host.Control.System);
        using var spans = new EventCollector<SpanEndedEvent>(_fixture.Host.Control.System);
        await using var camera = new HostileCamera { Behaviour = CameraBehaviour.CodecChange };
        var scenario = await _fixture.RecordAsync("codec-change", camera.Uri);

        var closed = spans.Next(s => s.RecordingToken == scenario.Recording, Patience);
        var widths = new List<(SegmentRecordedEvent Segment, int Width)>();
        while (!widths.Any(w => w.Segment.StartUtc >= closed.EndUtc))
        {
            var segment = segments.Next(s => s.RecordingToken == scenario.Recording, Patience);
            Assert.True(segment.Stored);
            widths.Add((segment, await WidthAsync(segment.Key)));
        }

        Assert.All(widths.Where(w => w.Segment.EndUtc <= closed.EndUtc), w => Assert.Equal(640, w.Width));
        var after = widths.Single(w => w.Segment.StartUtc >= closed.EndUtc);
        Assert.Equal(1280, after.Width);
        Assert.Equal(0, ObjectKeyParser.Parse(after.Segment.Key).Counter); // a new span (B.2) for the new sample description
        Assert.Equal("Active", await _fixture.JobStateAsync(scenario.Job));
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
    }

    [Fact]
    public async Task A_stream_without_codec_data_is_an_Error_with_the_reason_until_the_camera_sends_it()
    {
        var system = _fixture.Host.Control.System;
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        await using var camera = new HostileCamera { Behaviour = CameraBehaviour.NoCodecData };
        var scenario = await _fixture.RecordAsync("no-codec-data", camera.Uri);

        var error = states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Error", Patience);
        Assert.Contains(TrackErrorReasons.NoCodecConfiguration, error.Information.Sources.SelectMany(s => s.Tracks).Select(t => t.Error));
        Assert.Equal("Error", await _fixture.JobStateAsync(scenario.Job));
        var metrics = await _fixture.ScrapeAsync();
        Assert.Equal(1, HostileApplianceFixture.Metric(metrics, "nvr_recording_job_state", ("job", scenario.Job), ("state", "Error")));
        Assert.Equal(0, HostileApplianceFixture.Metric(metrics, "nvr_segments_written_total", ("recording", scenario.Recording)));
        Assert.True(HostileApplianceFixture.Metric(metrics, "nvr_recording_dropped_units_total", ("recording", scenario.Recording), ("stage", "discarded")) > 0);

        camera.Behaviour = CameraBehaviour.Good;
        await camera.DropConnectionsAsync();
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);
        var segment = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);
        Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(Path.Combine(_fixture.RecordingsDirectory, segment.Key)));
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
    }

    [Fact]
    public async Task Wild_timestamps_and_sequence_jumps_close_spans_count_the_loss_and_never_produce_a_broken_segment()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        await using var camera = new HostileCamera { Behaviour = CameraBehaviour.WildTimestamps };
        var started = DateTimeOffset.UtcNow;
        var scenario = await _fixture.RecordAsync("wild-timestamps", camera.Uri);

        // Two spans cut short by the jumps, every segment of them clean.
        for (var i = 0; i < 2; i++)
        {
            var span = spans.Next(s => s.RecordingToken == scenario.Recording, Patience);
            Assert.Equal("SourceDiscontinuity", span.Reason);
        }

        var metrics = await _fixture.ScrapeAsync();
        Assert.True(HostileApplianceFixture.Metric(metrics, "nvr_receiver_rtp_lost_packets", ("recording", scenario.Recording)) > 0, "the sequence jumps are not counted as loss");
        Assert.True(HostileApplianceFixture.Metric(metrics, "nvr_segments_written_total", ("recording", scenario.Recording)) > 0);

        camera.Behaviour = CameraBehaviour.Good;
        await camera.DropConnectionsAsync();
        var reconnected = DateTime.UtcNow;
        var good = segments.Next(s => s.RecordingToken == scenario.Recording && s.StartUtc >= reconnected.AddSeconds(-1) && s.StartUtc <= DateTime.UtcNow.AddSeconds(5), Patience);
        Assert.True(good.Stored);
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        spans.Next(s => s.RecordingToken == scenario.Recording && s.EndUtc >= good.EndUtc, Patience);

        // Nothing presented as complete is broken: every segment file of the recording probes clean.
        var files = Directory.EnumerateFiles(Path.Combine(_fixture.RecordingsDirectory, "wild-timestamps"), "*.mp4", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(file));
        }

        // Every segment is keyed near when it was recorded, though the timestamps jumped by up to ±6.6 h between the
        // camera's reports: a jump is placed at its arrival (RtpWallClock: more than 30 s ahead, or 10 min behind).
        var ended = DateTimeOffset.UtcNow;
        foreach (var file in files)
        {
            var key = Path.GetRelativePath(_fixture.RecordingsDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            Assert.True(Nvr.Storage.Keys.ObjectKeyParser.TryParse(key, out var parsed), key);
            Assert.InRange(parsed.Time, started - RtpJumpBackward, ended + RtpJumpForward);
        }
    }

    private static readonly TimeSpan RtpJumpForward = Nvr.Pipeline.Rtp.RtpWallClock.ForwardJumpThreshold + TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RtpJumpBackward = Nvr.Pipeline.Rtp.RtpWallClock.BackwardJumpThreshold + TimeSpan.FromSeconds(1);

    private async Task<int> WidthAsync(string key)
    {
        var file = Path.Combine(_fixture.RecordingsDirectory, key);
        Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(file));
        var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width", "-of", "csv=p=0", file], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, error);
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
