using Nvr.Control.Recordings.Model;
using Nvr.Control.Search;
using Nvr.Protocol.Search;
using Nvr.Protocol.Soap;
using Nvr.Recording.Triggers;

namespace Nvr.Fuzzing.Targets;

/// <summary>
/// A FindRecordings/GetRecordingSummary scope's RecordingInformationFilter (XPath 1.0) compiled and evaluated.
/// Documented rejection: <see cref="OnvifFaultException"/> (InvalidArgVal/InvalidFilterFault).
/// </summary>
public sealed class SearchFilterTarget : FuzzTarget
{
    private static readonly RecordingInformation Recording = new(
        "REC0001",
        new RecordingSource("cam1", "Camera 1", "Hall", "front door", "rtsp://127.0.0.1/cam1"),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero),
        "content",
        [new TrackInformation("VIDEO001", TrackType.Video, "video", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero))],
        RecordingStatuses.Stopped,
        ["cam1"]);

    public override string Name => "search-xpath";

    public override string Description => "RecordingInformationFilter.Compile and Matches; OnvifFaultException (InvalidFilterFault) is the rejection";

    public override int SmokeExecutions => 10_000;

    public override void Run(ReadOnlySpan<byte> input)
    {
        RecordingInformationFilter filter;
        try
        {
            filter = RecordingInformationFilter.Compile(FuzzInput.Utf8(input));
        }
        catch (OnvifFaultException)
        {
            return;
        }

        _ = filter.Matches(Recording);
    }
}

/// <summary>
/// An EventFilter of a recording job or an event subscription: topic expression (ConcreteSet) and message source
/// or content filter (XPath), compiled by the production compilers and matched against a camera notification.
/// Input: two chunks (topic, source). Documented rejection: a null compile result with its reason.
/// </summary>
public sealed class EventFilterTarget : FuzzTarget
{
    private static readonly CameraNotification Motion = new(
        "tns1:RuleEngine/CellMotionDetector/Motion",
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        "Changed",
        [new EventItem("VideoSourceConfigurationToken", "1"), new EventItem("Rule", "MyMotion")],
        [new EventItem("IsMotion", "true")]);

    public override string Name => "event-filter";

    public override string Description => "TopicFilter.TryParse, SourceFilter.TryParse, EventTrigger.TryCompile and Matches; null with a reason is the rejection";

    public override int SmokeExecutions => 10_000;

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = new FuzzInput(input);
        var topicText = FuzzInput.Utf8(reader.Chunk());
        var sourceText = FuzzInput.Utf8(reader.Chunk());
        if (TopicFilter.TryParse(topicText, out var topicError) is { } topic)
        {
            _ = topic.Matches(Motion.Topic);
        }
        else if (topicError is null)
        {
            throw new InvalidOperationException("TopicFilter refused without a reason");
        }

        if (SourceFilter.TryParse(sourceText, out var sourceError) is { } source)
        {
            _ = source.Matches(Motion.Source, [], Motion.Data);
        }
        else if (sourceError is null)
        {
            throw new InvalidOperationException("SourceFilter refused without a reason");
        }

        var trigger = EventTrigger.TryCompile([new TriggerFilter(topicText, sourceText.Length == 0 ? null : sourceText)], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), out _);
        _ = trigger?.Matches(Motion);
    }
}

/// <summary>
/// The XML documents of a camera's ONVIF metadata stream read for notifications. The reader never throws:
/// a document that is not well-formed or has no notification yields nothing.
/// </summary>
public sealed class MetadataEventTarget : FuzzTarget
{
    public override string Name => "metadata-event";

    public override string Description => "MetadataEventReader.Read and CameraNotification.Condition; no exception allowed";

    public override int SmokeExecutions => 10_000;

    public override void Run(ReadOnlySpan<byte> input)
    {
        foreach (var notification in MetadataEventReader.Read(input, DateTimeOffset.UnixEpoch))
        {
            _ = notification.Condition;
        }
    }
}
