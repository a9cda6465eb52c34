using System.Xml;
using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>The event service over real HTTP: capabilities, topic set, pull point with filter, Initialized JobState, long-poll, renew, unsubscribe.</summary>
public sealed class EventServiceTests : IClassFixture<ValidatedApplianceFixture>
{
    private const string Tev = "http://www.onvif.org/ver10/events/wsdl";
    private const string Wsnt = "http://docs.oasis-open.org/wsn/b-2";
    private static readonly XNamespace TevNs = Tev;
    private static readonly XNamespace WsntNs = Wsnt;
    private static readonly XNamespace WsaNs = "http://www.w3.org/2005/08/addressing";
    private readonly ValidatedApplianceFixture _fixture;

    public EventServiceTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    private OnvifSoapClient Events(string? url = null, string ns = Tev) => new(url ?? _fixture.Host.EventServiceUrls[0], ns, _fixture.Capture);

    [Fact]
    public async Task Capabilities_and_event_properties_list_every_topic_and_the_dialects()
    {
        await using var events = Events();
        var capabilities = (await events.CallAsync("GetServiceCapabilities")).Element(TevNs + "Capabilities")!;
        Assert.True((int)capabilities.Attribute("MaxPullPoints")! >= 2);
        var properties = await events.CallAsync("GetEventProperties");
        var dialects = properties.Elements(WsntNs + "TopicExpressionDialect").Select(e => e.Value).ToList();
        Assert.Contains("http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet", dialects);
        Assert.Contains("http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete", dialects);
        Assert.Equal("http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter", properties.Element(TevNs + "MessageContentFilterDialect")!.Value);
        XNamespace tns1 = "http://www.onvif.org/ver10/topics";
        var jobState = properties.Descendants(tns1 + "RecordingConfig").Single().Element(tns1 + "JobState")!;
        Assert.Equal("true", jobState.Descendants(Wire.Tt + "MessageDescription").Single().Attribute("IsProperty")!.Value);
        foreach (var topic in new[] { "CreateRecording", "DeleteRecording", "CreateTrack", "DeleteTrack", "DeleteTrackData", "RecordingConfiguration", "TrackConfiguration", "RecordingJobConfiguration" })
        {
            Assert.NotNull(properties.Descendants(tns1 + "RecordingConfig").Single().Element(tns1 + topic));
        }

        Assert.NotNull(properties.Descendants(tns1 + "Schedule").First().Descendants(tns1 + "Active").SingleOrDefault());
    }

    [Fact]
    public async Task A_new_pull_point_gets_the_Initialized_JobState_of_every_job_then_only_matching_live_events()
    {
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration("events-a"))).Text(Wire.Trc + "RecordingToken");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob", RequestXml.Job(recording))).Text(Wire.Trc + "JobToken");
        await using var events = Events();
        var created = await events.CallAsync("CreatePullPointSubscription",
            "<Filter><wsnt:TopicExpression xmlns:wsnt=\"" + Wsnt + "\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\" " +
            "Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">tns1:RecordingConfig/JobState|tns1:RecordingConfig/DeleteRecording</wsnt:TopicExpression></Filter>" +
            "<InitialTerminationTime>PT60S</InitialTerminationTime>");
        Assert.EndsWith("Z", created.Element(WsntNs + "TerminationTime")!.Value, StringComparison.Ordinal);
        var address = created.Element(TevNs + "SubscriptionReference")!.Element(WsaNs + "Address")!.Value;
        Assert.Contains("/onvif/event_service/subscriptions/", address, StringComparison.Ordinal);
        await using var pullPoint = Events(address);

        var initial = await Pull(pullPoint, "PT5S");
        var mine = initial.Where(m => Source(m, "RecordingJobToken") == job).ToList();
        Assert.Single(mine);
        Assert.Equal("Initialized", Message(mine[0]).Attribute("PropertyOperation")!.Value);
        Assert.All(initial, m => Assert.Equal("tns1:RecordingConfig/JobState", m.Element(WsntNs + "Topic")!.Value));

        await _fixture.Recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration("events-b")); // not in the filter
        await _fixture.Recording.CallAsync("DeleteRecordingJob", RequestXml.Token("JobToken", job));
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", recording));
        var live = new List<XElement>();
        while (live.Count < 2)
        {
            var pulled = await Pull(pullPoint, "PT10S");
            Assert.NotEmpty(pulled);
            live.AddRange(pulled);
        }

        Assert.Equal(["tns1:RecordingConfig/JobState", "tns1:RecordingConfig/DeleteRecording"], live.Select(m => m.Element(WsntNs + "Topic")!.Value));
        Assert.Equal("Deleted", Message(live[0]).Attribute("PropertyOperation")!.Value);
        Assert.Equal(recording, Source(live[1], "RecordingToken"));
    }

    [Fact]
    public async Task An_empty_pull_returns_only_at_its_timeout_renew_extends_and_unsubscribe_ends()
    {
        await using var events = Events();
        var created = await events.CallAsync("CreatePullPointSubscription",
            "<Filter><wsnt:TopicExpression xmlns:wsnt=\"" + Wsnt + "\" xmlns:t=\"http://www.onvif.org/ver10/topics\" " +
            "Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">t:Receiver/ChangeState</wsnt:TopicExpression></Filter>");
        var address = created.Element(TevNs + "SubscriptionReference")!.Element(WsaNs + "Address")!.Value;
        await using var pullPoint = Events(address);
        await using var manager = Events(address, Wsnt);
        var before = await pullPoint.CallAsync("PullMessages", "<Timeout>PT0S</Timeout><MessageLimit>10</MessageLimit>");
        var empty = await pullPoint.CallAsync("PullMessages", "<Timeout>PT2S</Timeout><MessageLimit>10</MessageLimit>");
        Assert.Empty(empty.Elements(WsntNs + "NotificationMessage"));
        var waited = Time(empty, "CurrentTime") - Time(before, "CurrentTime");
        Assert.True(waited >= TimeSpan.FromSeconds(2), $"empty after {waited}");

        var renewed = await manager.CallAsync("Renew", "<TerminationTime>PT10M</TerminationTime>");
        Assert.True(Time(renewed, "TerminationTime", WsntNs) - Time(renewed, "CurrentTime", WsntNs) > TimeSpan.FromMinutes(9));
        await manager.CallAsync("Unsubscribe");
        Assert.Equal("Sender/InvalidArgVal/ResourceUnknown", await pullPoint.FaultAsync("PullMessages", "<Timeout>PT1S</Timeout><MessageLimit>1</MessageLimit>"));
    }

    private static async Task<List<XElement>> Pull(OnvifSoapClient pullPoint, string timeout) =>
        (await pullPoint.CallAsync("PullMessages", $"<Timeout>{timeout}</Timeout><MessageLimit>100</MessageLimit>")).Elements(WsntNs + "NotificationMessage").ToList();

    private static XElement Message(XElement holder) => holder.Element(WsntNs + "Message")!.Element(Wire.Tt + "Message")!;

    private static string? Source(XElement holder, string name) =>
        Message(holder).Element(Wire.Tt + "Source")!.Elements(Wire.Tt + "SimpleItem").FirstOrDefault(i => (string?)i.Attribute("Name") == name)?.Attribute("Value")?.Value;

    private static DateTime Time(XElement response, string name, XNamespace? ns = null) =>
        XmlConvert.ToDateTime(response.Element((ns ?? TevNs) + name)!.Value, XmlDateTimeSerializationMode.Utc);
}
