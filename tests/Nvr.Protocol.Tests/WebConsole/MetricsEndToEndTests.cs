using System.Net;
using Nvr.Control.Events;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// /metrics, parsed by a strict Prometheus text-format parser, tells what a real GStreamer camera recording did:
/// the segments and bytes on disk, the job state, frames read, SOAP requests per operation; health endpoints answer.
/// </summary>
public sealed class MetricsEndToEndTests(ConsoleApplianceFixture fixture) : IClassFixture<ConsoleApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Metrics_match_what_a_real_camera_recorded()
    {
        using var segments = new EventCollector<SegmentRecordedEvent>(fixture.Host.Control.System);
        using var spans = new EventCollector<SpanEndedEvent>(fixture.Host.Control.System);
        using var states = new EventCollector<RecordingJobStateEvent>(fixture.Host.Control.System);
        var recording = (await fixture.Recording.CallAsync("CreateRecording",
            RecordingConfiguration("metrics", target: Target("MP4", "PT2S", storage: "local")))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", fixture.RtspUrl("h264")))).Text(Wire.Tt + "Token");
        var job = (await fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"))))).Text(Wire.Trc + "JobToken");
        states.Next(e => e.RecordingJobToken == job && e.State == "Active", Patience);
        var first = segments.Next(s => s.RecordingToken == recording, Patience);

        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var live = await ScrapeAsync(http);
        Assert.Equal(1, Value(live, "nvr_recording_job_state", ("job", job), ("state", "Active")));
        Assert.Equal(0, Value(live, "nvr_recording_job_state", ("job", job), ("state", "Idle")));
        Assert.Equal(1, Value(live, "nvr_receiver_connected", ("receiver", receiver)));
        Assert.True(Value(live, "nvr_recording_frames_total", ("recording", recording)) > 0, "no frames counted while recording");
        Assert.True(Value(live, "nvr_recording_samples_written_total", ("recording", recording)) > 0);
        Assert.True(Value(live, "nvr_receiver_rtp_packets", ("recording", recording)) > 0);
        Assert.Equal(0, Value(live, "nvr_recording_dropped_units_total", ("recording", recording), ("stage", "channel")));
        Assert.True(Value(live, "nvr_recording_bitrate_bits_per_second", ("recording", recording)) > 10_000);

        await fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        var span = spans.Next(s => s.RecordingToken == recording, Patience);
        states.Next(e => e.RecordingJobToken == job && e.State == "Idle", Patience);
        var all = new List<SegmentRecordedEvent> { first };
        while (all.Count < span.Segments)
        {
            all.Add(segments.Next(s => s.RecordingToken == recording, Patience));
        }

        var after = await ScrapeAsync(http);
        var onDisk = all.Sum(s => new FileInfo(Path.Combine(fixture.RecordingsDirectory, s.Key)).Length);
        Assert.Equal(all.Count, Value(after, "nvr_segments_written_total", ("recording", recording)));
        Assert.Equal(onDisk, Value(after, "nvr_recorded_bytes_total", ("recording", recording)));
        Assert.Equal(all.Sum(s => (s.EndUtc - s.StartUtc).TotalSeconds), Value(after, "nvr_recorded_seconds_total", ("recording", recording)), 3);
        Assert.Equal(all.Count, Value(after, "nvr_segment_close_latency_seconds_count", ("recording", recording)));
        Assert.Equal(1, Value(after, "nvr_recording_job_state", ("job", job), ("state", "Idle")));
        Assert.Equal(0, Value(after, "nvr_recording_job_state", ("job", job), ("state", "Active")));
        Assert.Equal(0, Value(after, "nvr_receiver_connected", ("receiver", receiver)));
        Assert.True(Value(after, "nvr_recording_frames_total", ("recording", recording)) >= Value(live, "nvr_recording_frames_total", ("recording", recording)));
        Assert.True(Value(after, "nvr_storage_free_bytes", ("storage", "local")) > 0);
        Assert.True(Value(after, "nvr_storage_used_bytes", ("storage", "local")) >= onDisk);

        var service = OnvifServicePaths.Recording;
        Assert.Equal(1, Value(after, "nvr_soap_requests_total", ("service", service), ("operation", "CreateRecording"), ("outcome", "ok")));
        Assert.Equal(1, Value(after, "nvr_soap_requests_total", ("service", service), ("operation", "SetRecordingJobMode"), ("outcome", "ok")));
        Assert.Equal(1, Value(after, "nvr_soap_request_duration_seconds_count", ("service", service), ("operation", "CreateRecording")));

        // a fault is counted as one: an unknown recording token
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Recording.CallAsync("DeleteRecording", Token("RecordingToken", "no-such-recording")));
        var faulted = await ScrapeAsync(http);
        Assert.Equal(1, Value(faulted, "nvr_soap_requests_total", ("service", service), ("operation", "DeleteRecording"), ("outcome", "fault")));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Label, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();
        Assert.True(matching.Count == 1, $"{name}{{{string.Join(",", labels.Select(l => $"{l.Label}=\"{l.Value}\""))}}}: {matching.Count} samples");
        return matching[0].Value;
    }
}
