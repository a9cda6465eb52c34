using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Keys;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The product working (seed 4.1.2, 5.3.1, Annex B): an ONVIF client configures a recording, a receiver on a real
/// GStreamer RTSP server and an active job; segments appear on disk under the exact Annex B keys, playable, without
/// gaps, and the span end object appears when the job goes Idle.
/// </summary>
public sealed class RecordingEngineEndToEndTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly EngineApplianceFixture _fixture;

    public RecordingEngineEndToEndTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_configured_job_records_Annex_B_segments_to_local_disk()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        var recordingClient = _fixture.Recording;
        var receiverClient = _fixture.Receiver;

        var recording = (await recordingClient.CallAsync("CreateRecording",
            RecordingConfiguration("engine", target: Target("MP4", "PT3S", storage: "local")))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await receiverClient.CallAsync("CreateReceiver",
            ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264"))))
            .Text(Wire.Tt + "Token");
        var source = ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"));
        var job = (await recordingClient.CallAsync("CreateRecordingJob", Job(recording, "Active", 1, source))).Text(Wire.Trc + "JobToken");

        // Active means data flows (seed 5.19): the engine reports it once samples are written.
        states.Next(e => e.RecordingJobToken == job && e.State == "Active", Patience);
        var state = (await recordingClient.CallAsync("GetRecordingJobState", Token("JobToken", job))).Element(Wire.Trc + "State")!;
        Assert.Equal("Active", state.Element(Wire.Tt + "State")!.Value);
        Assert.Equal("Connected", (await receiverClient.CallAsync("GetReceiverState", $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken>")).Text(Wire.Tt + "State"));

        var first = segments.Next(s => s.RecordingToken == recording, Patience);
        var second = segments.Next(s => s.RecordingToken == recording, Patience);

        await recordingClient.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        var span = spans.Next(s => s.RecordingToken == recording, Patience);
        states.Next(e => e.RecordingJobToken == job && e.State == "Idle", Patience);

        // Keys follow B.4/B.5; consecutive segments have no gap; the span end object is present.
        foreach (var segment in new[] { first, second })
        {
            var key = ObjectKeyParser.Parse(segment.Key);
            Assert.StartsWith("site-2/", segment.Key, StringComparison.Ordinal);
            Assert.Contains("/camera-5/", segment.Key, StringComparison.Ordinal);
            Assert.EndsWith(".mp4", segment.Key, StringComparison.Ordinal);
            Assert.True(segment.Stored);
            Assert.Equal(new[] { "VIDEO001", "AUDIO001" }.Order(), segment.Tracks.Order());
            Assert.NotNull(key);
        }

        Assert.EndsWith(".0.mp4", first.Key, StringComparison.Ordinal);
        Assert.EndsWith(".1.mp4", second.Key, StringComparison.Ordinal);
        Assert.NotNull(span.EndKey);
        Assert.EndsWith(".mp4_end", span.EndKey, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_fixture.RecordingsDirectory, span.EndKey!)), $"span end object {span.EndKey} missing");

        // B.3/B.5 judged on the files against the keys: no gap and no overlap between the segments of the span on
        // either track (≤ 2 ms, the key precision), and the end object at the end of the last sample
        var all = new List<SegmentRecordedEvent> { first, second };
        while (all.Count < span.Segments)
        {
            all.Add(segments.Next(s => s.RecordingToken == recording, Patience));
        }

        var files = all.Select(s => (s.Key, ObjectKeyParser.Parse(s.Key).Time.UtcDateTime, Path.Combine(_fixture.RecordingsDirectory, s.Key))).ToList();
        Assert.Empty(await SpanTimelineJudge.ViolationsAsync(files, (span.EndKey!, ObjectKeyParser.Parse(span.EndKey!).Time.UtcDateTime)));

        // Every segment is a playable MP4 with the mfra last (B.6), judged by ffprobe.
        foreach (var segment in new[] { first, second })
        {
            var file = Path.Combine(_fixture.RecordingsDirectory, segment.Key);
            Assert.True(File.Exists(file), $"segment {segment.Key} missing");
            var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe",
                ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], TimeSpan.FromMinutes(1));
            Assert.True(code == 0 && error.Length == 0, $"ffprobe {segment.Key}: {error}");
            Assert.Equal(["aac", "h264"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal("mfro"u8.ToArray(), bytes[^12..^8]);
        }

        Assert.Equal("NotConnected", (await receiverClient.CallAsync("GetReceiverState", $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken>")).Text(Wire.Tt + "State"));

        // Seed 5.3.1 / 5.26.3: a short MaximumRetentionTime deletes the recorded data and publishes DeleteTrackData.
        using var deletions = new EventCollector<DeleteTrackDataEvent>(system);
        await recordingClient.CallAsync("SetRecordingConfiguration", Token("RecordingToken", recording) +
            "<trc:RecordingConfiguration>" + ConfigurationBody("engine", "PT1S", Target("MP4", "PT3S", storage: "local")) + "</trc:RecordingConfiguration>");
        var deleted = deletions.Next(d => d.RecordingToken == recording && d.TrackToken == "VIDEO001", Patience);
        Assert.True(deleted.StartTime < first.EndUtc && deleted.EndTime > deleted.StartTime, $"deleted {deleted.StartTime:O}..{deleted.EndTime:O}");
        Assert.False(File.Exists(Path.Combine(_fixture.RecordingsDirectory, first.Key)), "the first segment outlived its retention");
    }

    [Fact]
    public async Task An_AlwaysConnect_receiver_stays_connected_without_a_job_until_its_mode_changes()
    {
        using var states = new EventCollector<ReceiverStateEvent>(_fixture.Host.Control.System);
        var receiverClient = _fixture.Receiver;
        var receiver = (await receiverClient.CallAsync("CreateReceiver",
            ReceiverConfiguration("AlwaysConnect", _fixture.RtspUrl("video-only"))))
            .Text(Wire.Tt + "Token");

        states.Next(e => e.ReceiverToken == receiver && e.State == "Connected", Patience);
        Assert.Equal("Connected", (await receiverClient.CallAsync("GetReceiverState", $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken>")).Text(Wire.Tt + "State"));

        await receiverClient.CallAsync("SetReceiverMode", $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken><trv:Mode>NeverConnect</trv:Mode>");
        states.Next(e => e.ReceiverToken == receiver && e.State == "NotConnected", Patience);
        Assert.Equal("NotConnected", (await receiverClient.CallAsync("GetReceiverState", $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken>")).Text(Wire.Tt + "State"));
    }
}
