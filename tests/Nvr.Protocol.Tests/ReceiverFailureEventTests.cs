using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Receiver connection failures reach event subscribers (issue 12 item 5): the GStreamer RTSP server a job records is
/// stopped; a pull point filtered on the receiver topics gets <c>nvr:Receiver/ConnectionFailed</c> (the drop, then
/// every refused reconnection attempt) with the failure class and no address, the receiver's ChangeState leaves
/// Connected, and it is Connected again once the server is back. GetEventProperties describes the topic.
/// Every response is schema-validated by the fixture.
/// </summary>
public sealed class ReceiverFailureEventTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly XNamespace Nvr = "http://www.onvif.org/ver10/topics/nvr-appliance";
    private static readonly string[] FailureClasses = ["ConnectionClosed", "ConnectionFailed", "Timeout"];
    private readonly EngineApplianceFixture _fixture;

    public ReceiverFailureEventTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_killed_camera_publishes_ConnectionFailed_with_the_reason_and_ChangeState_until_it_is_back()
    {
        var filter = $"<wsnt:TopicExpression xmlns:wsnt=\"{WsntNs.NamespaceName}\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\" xmlns:nvr=\"{Nvr.NamespaceName}\" " +
                     "Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">tns1:Receiver/ChangeState|nvr:Receiver/ConnectionFailed</wsnt:TopicExpression>";
        var address = await CreatePullPointAsync(_fixture.Events, filter, "PT10M");
        await using var pullPoint = new OnvifSoapClient(address, OnvifSoapClient.Tev, _fixture.Capture);
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, "receiver-failure", "local", "MP4", "site-f", "PT2S", _fixture.RtspUrl("h264"));
        bool StateIs(XElement m, string state) =>
            Topic(m) == "tns1:Receiver/ChangeState" && Source(m, "ReceiverToken") == scenario.Receiver && Data(m, "NewState") == state;
        bool Failed(XElement m) => Topic(m) == "nvr:Receiver/ConnectionFailed" && Source(m, "ReceiverToken") == scenario.Receiver;

        var got = await PullUntilAsync(pullPoint, m => StateIs(m, "Connected"), Patience);
        Assert.DoesNotContain(got, Failed);

        await _fixture.Rtsp.StopAsync(); // kills the GStreamer server mid-recording
        var afterKill = await PullUntilAsync(pullPoint, Failed, Patience);
        var failure = afterKill.First(Failed);
        Assert.Null(Operation(failure)); // a momentary event, not a property
        Assert.Contains(Data(failure, "Reason"), FailureClasses);
        Assert.Equal("0", Data(failure, "StatusCode")); // no RTSP status: the server went away
        AssertUtc(new XElement("t", (string?)Message(failure).Attribute("UtcTime")));
        Assert.DoesNotContain("127.0.0.1", failure.ToString(), StringComparison.Ordinal); // no camera address (nor credentials) in the payload
        Assert.Contains(afterKill, m => StateIs(m, "Connecting"));

        // the reconnection attempts are refused while the server is down: each one is reported
        var refused = await PullUntilAsync(pullPoint, m => Failed(m) && Data(m, "Reason") == "ConnectionFailed", Patience);
        afterKill.AddRange(refused);
        Assert.True(afterKill.Count(Failed) >= 2, $"{afterKill.Count(Failed)} ConnectionFailed messages after the kill");

        await _fixture.Rtsp.StartAsync();
        await PullUntilAsync(pullPoint, m => StateIs(m, "Connected"), Patience);
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Fact]
    public async Task GetEventProperties_describes_the_connection_failure_topic()
    {
        var properties = await _fixture.Events.CallAsync("GetEventProperties");
        var topic = properties.Descendants(Nvr + "Receiver").Single().Element(Nvr + "ConnectionFailed")!;
        Assert.Equal("true", (string?)topic.Attribute(XName.Get("topic", "http://docs.oasis-open.org/wsn/t-1")));
        var description = topic.Element(Wire.Tt + "MessageDescription")!;
        Assert.Equal("false", (string?)description.Attribute("IsProperty"));
        var source = description.Element(Wire.Tt + "Source")!.Elements(Wire.Tt + "SimpleItemDescription").Select(e => ((string?)e.Attribute("Name"), (string?)e.Attribute("Type"))).ToList();
        Assert.Equal([("ReceiverToken", "tt:ReferenceToken")], source);
        var data = description.Element(Wire.Tt + "Data")!.Elements(Wire.Tt + "SimpleItemDescription").Select(e => ((string?)e.Attribute("Name"), (string?)e.Attribute("Type"))).ToList();
        Assert.Equal([("Reason", "xs:string"), ("StatusCode", "xs:int")], data);
    }
}
