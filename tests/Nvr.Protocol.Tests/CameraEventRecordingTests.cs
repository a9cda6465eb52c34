using Nvr.Control.Events;
using Nvr.Recording.Triggers;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Seed 5.3.4 with the events a camera sends in its ONVIF metadata stream: a job whose EventFilter selects the
/// camera's cell motion (topic and source filter) records while the camera reports motion and ends its span when the
/// motion ends; the metadata itself is not recorded (no metadata track in the job).
/// </summary>
public sealed class CameraEventRecordingTests : IClassFixture<CameraEventApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly CameraEventApplianceFixture _fixture;

    public CameraEventRecordingTests(CameraEventApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Motion_reported_by_the_camera_starts_and_ends_event_recording()
    {
        await using var camera = MotionCamera.Start("VSC1");
        var system = _fixture.Host.Control.System;
        using var cameraEvents = new EventCollector<DeviceEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var segments = new EventCollector<SegmentRecordedEvent>(system);

        var filter = "<tt:EventFilter><tt:Filter><tt:Topic>tns1:RuleEngine/CellMotionDetector/Motion</tt:Topic>" +
                     "<tt:Source>boolean(//tt:SimpleItem[@Name=\"VideoSourceConfigurationToken\" and @Value=\"VSC1\"])</tt:Source></tt:Filter>" +
                     "<tt:After>PT0S</tt:After></tt:EventFilter>";
        var recording = await CreateEventRecordingAsync(camera.Uri, "motion", "PT2S", filter);

        // the camera's notifications reach the internal event stream...
        var started = cameraEvents.Next(e => e.Condition == true, Patience);
        Assert.Equal("tns1:RuleEngine/CellMotionDetector/Motion", started.Topic);
        Assert.Contains(started.Source, i => i.Name == "VideoSourceConfigurationToken" && i.Value == "VSC1");
        var ended = cameraEvents.Next(e => e.Condition == false, Patience);

        // ...and open and close the recording's event window: a span that ends because the motion ended
        var span = spans.Next(s => s.RecordingToken == recording && s.Reason == "EventEnded", Patience);
        Assert.True(span.StartUtc <= started.UtcTime.UtcDateTime.AddMilliseconds(100) && span.StartUtc > started.UtcTime.UtcDateTime.AddSeconds(-1.5),
            $"span starts {span.StartUtc:O}: not the key frame at or before the motion ({started.UtcTime:O})");
        Assert.True(span.EndUtc >= ended.UtcTime.UtcDateTime.AddSeconds(-1.5), $"span ends {span.EndUtc:O}, motion ended {ended.UtcTime:O}");
        var first = segments.Next(s => s.RecordingToken == recording, Patience);
        var file = Path.Combine(_fixture.RecordingsDirectory, first.Key);
        var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], TimeSpan.FromMinutes(1));
        Assert.True(code == 0 && error.Length == 0, $"ffprobe {first.Key}: {error}");
        Assert.Equal("h264", output.Trim());
        Assert.True(File.Exists(Path.Combine(_fixture.RecordingsDirectory, span.EndKey!)), $"span end object {span.EndKey} missing");
    }

    [Fact]
    public async Task A_condition_that_already_holds_when_the_job_starts_records_at_once()
    {
        await using var camera = MotionCamera.Start("VSC1");
        var system = _fixture.Host.Control.System;
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var segments = new EventCollector<SegmentRecordedEvent>(system);

        // a door contact reported open before anyone configured a job (as ONVIF "Initialized" would tell a subscriber)
        system.EventStream.Publish(Door(DateTimeOffset.UtcNow, "true"));

        var recording = await CreateEventRecordingAsync(camera.Uri, "door", "PT1S",
            "<tt:EventFilter><tt:Filter><tt:Topic>tns1:Device/Trigger/DigitalInput</tt:Topic></tt:Filter><tt:After>PT0S</tt:After></tt:EventFilter>");

        // recording starts without any further event, and stops when the contact closes
        segments.Next(s => s.RecordingToken == recording, Patience);
        segments.Next(s => s.RecordingToken == recording, Patience);
        system.EventStream.Publish(Door(DateTimeOffset.UtcNow, "false"));
        var span = spans.Next(s => s.RecordingToken == recording, Patience);
        Assert.Equal("EventEnded", span.Reason);
    }

    /// <summary>A recording of the camera's video whose one job records on the events <paramref name="eventFilter"/> selects.</summary>
    private async Task<string> CreateEventRecordingAsync(Uri camera, string name, string segmentDuration, string eventFilter)
    {
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration(name, target: Target("MP4", segmentDuration, storage: "local", postfix: name))))
            .Text(Wire.Trc + "RecordingToken");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver",
            ReceiverConfiguration("AutoConnect", camera.ToString())))
            .Text(Wire.Tt + "Token");
        await _fixture.Recording.CallAsync("CreateRecordingJob",
            $"<trc:JobConfiguration><tt:RecordingToken>{recording}</tt:RecordingToken><tt:Mode>Active</tt:Mode><tt:Priority>1</tt:Priority>" +
            ReceiverSource(receiver, ("video", "VIDEO001")) + $"{eventFilter}</trc:JobConfiguration>");
        return recording;
    }

    private static DeviceEvent Door(DateTimeOffset utc, string state) =>
        new("tns1:Device/Trigger/DigitalInput", utc, "Changed", [new EventItem("InputToken", "DI1")], [new EventItem("LogicalState", state)]);
}
