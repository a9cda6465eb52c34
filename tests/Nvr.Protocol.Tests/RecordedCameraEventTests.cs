using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Index;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Camera events in a recorded metadata track (issue 12 item 5, issue 14 FindEvents): a camera (simulated on
/// 127.0.0.1, H.264 + an ONVIF metadata stream whose cell motion detector reports IsMotion true and false) is
/// recorded with its metadata in META001. Its notifications are relayed live to a pull point under their own topic,
/// kept in the recording index (<c>recorded_events</c>), and FindEvents returns them on the metadata track with the
/// camera's PropertyOperation, in time order, reversed for a backward search, selected by the topic filter and next
/// to the recording history. Every response is schema-validated by the fixture.
/// </summary>
public sealed class RecordedCameraEventTests : IClassFixture<CameraEventApplianceFixture>
{
    private const string Motion = "tns1:RuleEngine/CellMotionDetector/Motion";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly XNamespace Tse = OnvifSoapClient.Tse;
    private static readonly XNamespace Tt = OnvifSoapClient.Tt;
    private readonly CameraEventApplianceFixture _fixture;

    public RecordedCameraEventTests(CameraEventApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Camera_events_of_a_metadata_track_are_relayed_live_stored_and_found_by_FindEvents()
    {
        await using var camera = MotionCamera.Start("VSC7");
        await using var search = new OnvifSoapClient(_fixture.Host.SearchServiceUrls[0], Tse.NamespaceName, _fixture.Capture);
        using var segments = new EventCollector<SegmentRecordedEvent>(_fixture.Host.Control.System);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter(Motion), "PT10M");
        await using var pullPoint = new OnvifSoapClient(address, OnvifSoapClient.Tev, _fixture.Capture);

        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration("camera-events", target: Target("MP4", "PT2S", storage: "local", postfix: "camera-events"))))
            .Text(Wire.Trc + "RecordingToken");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", camera.Uri.ToString()))).Text(Wire.Tt + "Token");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("metadata", "META001"))))).Text(Wire.Trc + "JobToken");

        // (a) relayed live under the camera's own topic, with its operation and items
        bool Camera(XElement m) => Topic(m) == Motion && Source(m, "VideoSourceConfigurationToken") == "VSC7";
        var live = await PullUntilAsync(pullPoint, m => Camera(m) && Data(m, "IsMotion") == "false", Patience);
        live.AddRange(await PullUntilAsync(pullPoint, m => Camera(m) && Data(m, "IsMotion") == "true", Patience)); // a second loop: at least three events
        var relayed = live.Where(Camera).ToList();
        Assert.All(relayed, m => Assert.Equal("Changed", Operation(m)));
        Assert.All(relayed, m => Assert.Equal("MotionRule", Source(m, "Rule")));
        var times = relayed.Select(m => AssertUtc(new XElement("t", (string?)Message(m).Attribute("UtcTime")))).ToList();
        Assert.Equal(times.Order(), times);
        var after = new DateTimeOffset(times[^1], TimeSpan.Zero);

        // stored in the index file, on the metadata track, with the relayed times, topic and items
        segments.Next(s => s.RecordingToken == recording && s.Stored && s.Tracks.Contains("META001"), Patience);
        var stored = await StoredAsync(recording, before, after, times.Count);
        Assert.Equal(times, stored.Select(e => e.Utc.UtcDateTime));
        Assert.All(stored, e => Assert.Equal(("META001", Motion, "Changed"), (e.Track, e.Topic, e.PropertyOperation)));
        Assert.Equal(relayed.Select(m => Data(m, "IsMotion")), stored.Select(e => e.Data.Single(i => i.Name == "IsMotion").Value));

        // (b) FindEvents: the same events on the metadata track, in time order, with the camera's operation and items
        var filter = $"<SearchFilter><wsnt:TopicExpression xmlns:wsnt=\"{WsntNs.NamespaceName}\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\" " +
                     $"Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">{Motion}</wsnt:TopicExpression></SearchFilter>";
        var forward = await FindEventsAsync(search, before, after, recording, filter);
        Assert.Equal(times, forward.Select(r => Time(r, "Time").UtcDateTime));
        Assert.All(forward, r => Assert.Equal((recording, "META001", "false"), (r.Text(Tt + "RecordingToken"), r.Text(Tt + "TrackToken"), r.Text(Tt + "StartStateEvent"))));
        var events = forward.Select(r => new XElement(WsntNs + "NotificationMessage", r.Element(Tt + "Event")!.Elements())).ToList();
        Assert.All(events, m => Assert.Equal((Motion, "Changed", "VSC7"), (Topic(m), Operation(m), Source(m, "VideoSourceConfigurationToken"))));
        Assert.Equal(relayed.Select(m => Data(m, "IsMotion")), events.Select(m => Data(m, "IsMotion")));

        // IncludeStartState: first the camera property's state at the StartPoint (its latest event up to then), Initialized
        var fromSecond = await FindEventsAsync(search, new DateTimeOffset(times[1], TimeSpan.Zero), after, recording, filter, includeStartState: true);
        Assert.Equal(times.Skip(1).Prepend(times[1]), fromSecond.Select(r => Time(r, "Time").UtcDateTime));
        var state = fromSecond[0];
        Assert.Equal(("true", "META001"), (state.Text(Tt + "StartStateEvent"), state.Text(Tt + "TrackToken")));
        var stateMessage = new XElement(WsntNs + "NotificationMessage", state.Element(Tt + "Event")!.Elements());
        Assert.Equal(("Initialized", Data(relayed[1], "IsMotion")), (Operation(stateMessage), Data(stateMessage, "IsMotion")));

        // backward (EndPoint before StartPoint): the exact reverse
        var backward = await FindEventsAsync(search, after, before, recording, filter);
        Assert.Equal(Enumerable.Reverse(times), backward.Select(r => Time(r, "Time").UtcDateTime));

        // a topic filter on the history finds no camera event; no filter finds both, camera events after the history's at one instant
        var history = await FindEventsAsync(search, before, after, recording,
            "<SearchFilter><wsnt:TopicExpression xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\" " +
            "Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">tns1:RecordingHistory//.</wsnt:TopicExpression></SearchFilter>");
        Assert.NotEmpty(history);
        Assert.DoesNotContain(history, r => r.Descendants(WsntNs + "Topic").Single().Value.Trim() == Motion);
        var all = await FindEventsAsync(search, before, after, recording, "<SearchFilter/>");
        Assert.Equal(history.Count + forward.Count, all.Count);
        Assert.Equal(all.Select(r => Time(r, "Time")).Order(), all.Select(r => Time(r, "Time")));
        Assert.Equal(times, all.Where(r => r.Descendants(WsntNs + "Topic").Single().Value.Trim() == Motion).Select(r => Time(r, "Time").UtcDateTime));

        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Fact]
    public async Task Seek_replays_the_stored_camera_events_forward_into_the_live_ones_and_backward()
    {
        await using var camera = MotionCamera.Start("VSC8");
        var capabilities = await _fixture.Events.CallAsync("GetServiceCapabilities");
        Assert.Equal("true", (string?)capabilities.Element(TevNs + "Capabilities")!.Attribute("PersistentNotificationStorage"));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var onlyThisCamera = TopicFilter(Motion) + ContentFilter("boolean(//tt:SimpleItem[@Name=\"VideoSourceConfigurationToken\" and @Value=\"VSC8\"])");
        var liveAddress = await CreatePullPointAsync(_fixture.Events, onlyThisCamera, "PT10M");
        await using var live = new OnvifSoapClient(liveAddress, OnvifSoapClient.Tev, _fixture.Capture);
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration("seek-events", target: Target("MP4", "PT2S", storage: "local", postfix: "seek-events"))))
            .Text(Wire.Trc + "RecordingToken");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", camera.Uri.ToString()))).Text(Wire.Tt + "Token");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("metadata", "META001"))))).Text(Wire.Trc + "JobToken");
        var relayed = await PullUntilAsync(live, m => Topic(m) == Motion && Data(m, "IsMotion") == "false", Patience);
        relayed.AddRange(await PullUntilAsync(live, m => Topic(m) == Motion && Data(m, "IsMotion") == "true", Patience));
        var times = relayed.Select(UtcOf).ToList();
        await StoredAsync(recording, before, new DateTimeOffset(times[^1], TimeSpan.Zero), times.Count);

        // a second pull point sees the Initialized motion state first; Seek flushes it and replays from the first event
        var address = await CreatePullPointAsync(_fixture.Events, onlyThisCamera, "PT10M");
        await using var pullPoint = new OnvifSoapClient(address, OnvifSoapClient.Tev, _fixture.Capture);
        var seekMoment = DateTime.UtcNow;
        await pullPoint.CallAsync("Seek", $"<UtcTime>{Utc(new DateTimeOffset(times[1], TimeSpan.Zero))}</UtcTime>");
        var first = await PullAsync(pullPoint, "PT5S", limit: 2);
        Assert.Equal(times.Skip(1).Take(2), first.Select(UtcOf)); // stored messages from the UtcTime on, two at a time
        Assert.All(first, m => Assert.Equal(("Changed", "MotionRule"), (Operation(m), Source(m, "Rule"))));
        var replayed = new List<XElement>(first);
        replayed.AddRange(await PullUntilAsync(pullPoint, m => UtcOf(m) > seekMoment, Patience)); // on into the live ones
        var replayedTimes = replayed.Select(UtcOf).ToList();
        Assert.Equal(replayedTimes.Distinct().Order(), replayedTimes); // time order, nothing twice
        Assert.Equal(times.Skip(1), replayedTimes.Take(times.Count - 1));

        // no gap between the stored and the live part: every stored event of the window was delivered
        var window = await StoredAsync(recording, new DateTimeOffset(times[1], TimeSpan.Zero), new DateTimeOffset(replayedTimes[^1], TimeSpan.Zero), replayedTimes.Count);
        Assert.Equal(window.Select(e => e.Utc.UtcDateTime), replayedTimes);

        // reverse: the stored messages at or before the UtcTime, newest first, then nothing (no live messages)
        await pullPoint.CallAsync("Seek", $"<UtcTime>{Utc(new DateTimeOffset(times[^1], TimeSpan.Zero))}</UtcTime><Reverse>true</Reverse>");
        var backward = new List<XElement>();
        for (var page = await PullAsync(pullPoint, "PT1S", limit: 2); page.Count > 0; page = await PullAsync(pullPoint, "PT1S", limit: 2))
        {
            backward.AddRange(page);
        }

        Assert.Equal(Enumerable.Reverse(times), backward.Select(UtcOf));
        Assert.Equal("Sender/InvalidArgs", await pullPoint.FaultAsync("Seek", "<UtcTime>not a time</UtcTime>"));
        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        await UnsubscribeAsync(address, _fixture.Capture);
        await UnsubscribeAsync(liveAddress, _fixture.Capture);
    }

    private static DateTime UtcOf(XElement message) => AssertUtc(new XElement("t", (string?)Message(message).Attribute("UtcTime")));

    /// <summary>The index's recorded events of the recording in [from, to] once <paramref name="count"/> are in (the index worker writes asynchronously).</summary>
    private async Task<IReadOnlyList<RecordedEvent>> StoredAsync(string recording, DateTimeOffset from, DateTimeOffset to, int count)
    {
        using var index = new RecordedRangeIndex(Path.Combine(_fixture.DataDirectory, "index.db"));
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var rows = index.GetEventsBetween(recording, from, to);
            if (rows.Count >= count)
            {
                return rows;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the index holds {rows.Count} of {count} camera events");
            await Task.Delay(100);
        }
    }

    private static async Task<List<XElement>> FindEventsAsync(OnvifSoapClient search, DateTimeOffset start, DateTimeOffset end, string recording, string filter, bool includeStartState = false)
    {
        var request = $"<StartPoint>{Utc(start)}</StartPoint><EndPoint>{Utc(end)}</EndPoint>" +
            $"<Scope><tt:IncludedRecordings>{recording}</tt:IncludedRecordings></Scope>{filter}" +
            $"<IncludeStartState>{(includeStartState ? "true" : "false")}</IncludeStartState><KeepAliveTime>PT10S</KeepAliveTime>";
        var token = (await search.CallAsync("FindEvents", request)).Text(Tse + "SearchToken");
        var results = new List<XElement>();
        for (var state = string.Empty; state != "Completed";)
        {
            var list = (await search.CallAsync("GetEventSearchResults", $"<SearchToken>{token}</SearchToken><MaxResults>4</MaxResults><WaitTime>PT10S</WaitTime>")).Element(Tse + "ResultList")!;
            results.AddRange(list.Elements(Tt + "Result"));
            state = list.Text(Tt + "SearchState");
        }

        return results;
    }

    private static DateTimeOffset Time(XElement element, string name) =>
        new(XmlConvert.ToDateTime(element.Elements().First(e => e.Name.LocalName == name).Value, XmlDateTimeSerializationMode.Utc));

    private static string Utc(DateTimeOffset time) => XmlConvert.ToString(time.UtcDateTime, XmlDateTimeSerializationMode.Utc);
}
