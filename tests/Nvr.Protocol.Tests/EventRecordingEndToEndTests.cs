using Nvr.Control.Events;
using Nvr.Recording.Triggers;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Event recording over SOAP (seed 5.3.4): a job with an EventFilter records only around the events its filter
/// selects on the internal event stream, from the newest key frame at least Before the event until After it, on a real
/// GStreamer RTSP source; files judged by ffprobe.
/// </summary>
public sealed class EventRecordingEndToEndTests : IClassFixture<EngineApplianceFixture>
{
    private const string BadConfiguration = "Sender/InvalidArgVal/BadConfiguration";
    private const string Motion = "tns1:RuleEngine/CellMotionDetector/Motion";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly EngineApplianceFixture _fixture;

    public EventRecordingEndToEndTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Capabilities_advertise_event_recording_with_its_limits_and_filters_beyond_them_are_refused()
    {
        var capabilities = (await _fixture.Recording.CallAsync("GetServiceCapabilities")).Element(Wire.Trc + "Capabilities")!;
        Assert.Equal(("true", "PT30S", "PT10M"), (capabilities.Attribute("EventRecording")!.Value,
            capabilities.Attribute("BeforeEventLimit")!.Value, capabilities.Attribute("AfterEventLimit")!.Value));

        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration("limits"))).Text(Wire.Trc + "RecordingToken");
        Assert.Equal(BadConfiguration, await _fixture.Recording.FaultAsync("CreateRecordingJob", EventJob(recording, AutoSource(), Filter(Motion), "PT31S", "PT1S")));
        Assert.Equal(BadConfiguration, await _fixture.Recording.FaultAsync("CreateRecordingJob", EventJob(recording, AutoSource(), Filter(Motion), "PT1S", "PT11M")));
        Assert.Equal(BadConfiguration, await _fixture.Recording.FaultAsync("CreateRecordingJob", EventJob(recording, AutoSource(), Filter("tns1:Rule Engine//Motion"))));
        Assert.Equal(BadConfiguration, await _fixture.Recording.FaultAsync("CreateRecordingJob", EventJob(recording, AutoSource(), Filter(Motion, "boolean(//tt:SimpleItem[@Name="))));

        // a valid filter is kept and reported back as configured
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob", EventJob(recording, AutoSource(), Filter(Motion, SourceIs("VSC1")), "PT5S", "PT2S", mode: "Idle")))
            .Text(Wire.Trc + "JobToken");
        var filter = (await _fixture.Recording.CallAsync("GetRecordingJobConfiguration", Token("JobToken", job))).Descendants(Wire.Tt + "EventFilter").Single();
        Assert.Equal((Motion, SourceIs("VSC1"), "PT5S", "PT2S"), (filter.Descendants(Wire.Tt + "Topic").Single().Value,
            filter.Descendants(Wire.Tt + "Source").Single().Value, filter.Element(Wire.Tt + "Before")!.Value, filter.Element(Wire.Tt + "After")!.Value));
        await _fixture.Recording.CallAsync("DeleteRecording", Token("RecordingToken", recording));
    }

    [Fact]
    public async Task A_momentary_event_records_from_a_key_frame_Before_it_until_After_it()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        var recording = _fixture.Recording;

        // a continuous recording of the same camera is the test's clock: its segments prove media time has passed
        var clock = (await recording.CallAsync("CreateRecording", RecordingConfiguration("clock", target: Target("MP4", "PT1S", storage: "local", postfix: "clock")))).Text(Wire.Trc + "RecordingToken");
        await recording.CallAsync("CreateRecordingJob", EventJob(clock, await CreateReceiverSourceAsync("h264?cam=clock"), filter: null));

        var gated = (await recording.CallAsync("CreateRecording", RecordingConfiguration("gated", target: Target("MP4", "PT2S", storage: "local", postfix: "gated")))).Text(Wire.Trc + "RecordingToken");
        var job = (await recording.CallAsync("CreateRecordingJob", EventJob(gated, await CreateReceiverSourceAsync("h264?cam=gated"), Filter(Motion, SourceIs("VSC1")), "PT5S", "PT2S")))
            .Text(Wire.Trc + "JobToken");

        // armed: data flows into the pre-event buffer, nothing is written yet
        states.Next(e => e.RecordingJobToken == job && e.State == "Active", Patience);
        for (int i = 0; i < 8; i++)
        {
            segments.Next(s => s.RecordingToken == clock, Patience);
        }

        // an event of another source changes nothing; the selected one records around its instant
        system.EventStream.Publish(MotionEvent(DateTimeOffset.UtcNow, "VSC2"));
        var instant = DateTimeOffset.UtcNow;
        system.EventStream.Publish(MotionEvent(instant, "VSC1"));

        var span = spans.Next(s => s.RecordingToken == gated, Patience);
        Assert.Equal("EventEnded", span.Reason);
        Assert.True(span.StartUtc <= instant.UtcDateTime.AddSeconds(-5), $"span starts {span.StartUtc:O}, event at {instant:O}");
        Assert.True(span.StartUtc > instant.UtcDateTime.AddSeconds(-7), $"span starts {span.StartUtc:O}: not the newest key frame before event - 5 s ({instant:O})");
        Assert.True(span.EndUtc >= instant.UtcDateTime.AddSeconds(2), $"span ends {span.EndUtc:O}, event at {instant:O} + After 2 s");
        Assert.NotNull(span.EndKey);
        Assert.True(File.Exists(Path.Combine(_fixture.RecordingsDirectory, span.EndKey!)), $"span end object {span.EndKey} missing");

        var written = new List<SegmentRecordedEvent>();
        for (long i = 0; i < span.Segments; i++)
        {
            written.Add(segments.Next(s => s.RecordingToken == gated, Patience));
        }

        Assert.Equal(span.StartUtc, written[0].StartUtc);

        // B.9 attributes of an event-triggered segment (the local sink keeps them in a JSON sidecar)
        using var sidecar = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_fixture.RecordingsDirectory, written[0].Key + ".meta.json")));
        var attributes = sidecar.RootElement.GetProperty("Attributes");
        Assert.Equal(Motion, attributes.GetProperty("EventTopic").GetString());
        Assert.Equal("VIDEO001", attributes.GetProperty("VideoChannel").GetString());
        foreach (var segment in written)
        {
            var file = Path.Combine(_fixture.RecordingsDirectory, segment.Key);
            var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame,pict_type", "-of", "csv=p=0", file], TimeSpan.FromMinutes(1));
            Assert.True(code == 0 && error.Length == 0, $"ffprobe {segment.Key}: {error}");
            Assert.StartsWith("1,I", output, StringComparison.Ordinal); // every segment starts with an I-frame
        }

        Assert.Equal(0, (await recording.CallAsync("GetRecordingJobState", Token("JobToken", job))).Descendants(Wire.Tt + "State")
            .Count(s => s.Value == "Error"));
    }

    private static DeviceEvent MotionEvent(DateTimeOffset utc, string source) =>
        new(Motion, utc, null, [new EventItem("VideoSourceConfigurationToken", source)], []);

    private static string SourceIs(string token) =>
        $"boolean(//tt:SimpleItem[@Name=\"VideoSourceConfigurationToken\" and @Value=\"{token}\"])";

    private static string Filter(string topic, string? source = null) =>
        $"<tt:Filter><tt:Topic>{topic}</tt:Topic>{(source is null ? string.Empty : $"<tt:Source>{System.Security.SecurityElement.Escape(source)}</tt:Source>")}</tt:Filter>";

    private static string EventJob(string recording, string source, string? filter, string? before = null, string? after = null, string mode = "Active")
    {
        var eventFilter = filter is null ? string.Empty :
            $"<tt:EventFilter>{filter}{(before is null ? string.Empty : $"<tt:Before>{before}</tt:Before>")}{(after is null ? string.Empty : $"<tt:After>{after}</tt:After>")}</tt:EventFilter>";
        return $"<trc:JobConfiguration><tt:RecordingToken>{recording}</tt:RecordingToken><tt:Mode>{mode}</tt:Mode><tt:Priority>1</tt:Priority>{source}{eventFilter}</trc:JobConfiguration>";
    }

    private async Task<string> CreateReceiverSourceAsync(string path)
    {
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver",
            ReceiverConfiguration("AutoConnect", _fixture.RtspUrl(path))))
            .Text(Wire.Tt + "Token");
        return ReceiverSource(receiver, ("video", "VIDEO001"));
    }
}
