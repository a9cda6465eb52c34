using System.ServiceModel;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Pull-point filters and pull semantics over real HTTP: topic filters (ConcreteSet, Concrete), message-content
/// filters over Source/Key/Data items (ItemFilter and the XPath dialect), SetSynchronizationPoint, a concurrent pull,
/// MessageLimit capping. Events are delivered in order, so "exactly these" is judged once a later marker arrives.
/// </summary>
public sealed class EventFilterTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public EventFilterTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    private OnvifSoapClient Client(string url) => new(url, OnvifSoapClient.Tev, _fixture.Capture);

    private async Task<string> NewRecording(string name) =>
        (await _fixture.Recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration(name))).Text(Wire.Trc + "RecordingToken");

    [Fact]
    public async Task A_topic_filter_selects_exactly_the_matching_topics()
    {
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/CreateRecording|tns1:RecordingConfig/DeleteRecording"));
        await using var pullPoint = Client(address);
        var recording = await NewRecording("topic-filter");
        await _fixture.Recording.CallAsync("CreateTrack", RequestXml.Token("RecordingToken", recording) + RequestXml.Track("Video"));
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", recording));

        var got = await PullUntilAsync(pullPoint, m => Topic(m) == "tns1:RecordingConfig/DeleteRecording" && Source(m, "RecordingToken") == recording);
        Assert.Equal(["tns1:RecordingConfig/CreateRecording", "tns1:RecordingConfig/DeleteRecording"], got.Select(Topic));
        Assert.All(got, m => Assert.Equal(recording, Source(m, "RecordingToken")));
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Fact]
    public async Task A_subtree_and_a_Concrete_topic_filter_select_their_topics_only()
    {
        var subtree = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig//."));
        var concrete = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/CreateTrack", Concrete));
        await using var subtreePoint = Client(subtree);
        await using var concretePoint = Client(concrete);
        var recording = await NewRecording("subtree");
        var track = (await _fixture.Recording.CallAsync("CreateTrack", RequestXml.Token("RecordingToken", recording) + RequestXml.Track("Audio")))
            .Text(Wire.Trc + "TrackToken");
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", recording));

        var all = await PullUntilAsync(subtreePoint, m => Topic(m) == "tns1:RecordingConfig/DeleteRecording" && Source(m, "RecordingToken") == recording);
        Assert.All(all, m => Assert.StartsWith("tns1:RecordingConfig/", Topic(m), StringComparison.Ordinal));
        Assert.Contains(all, m => Topic(m) == "tns1:RecordingConfig/CreateRecording");
        Assert.Contains(all, m => Topic(m) == "tns1:RecordingConfig/CreateTrack" && Source(m, "TrackToken") == track);

        var tracks = await PullUntilAsync(concretePoint, m => Source(m, "TrackToken") == track);
        Assert.All(tracks, m => Assert.Equal("tns1:RecordingConfig/CreateTrack", Topic(m)));
        Assert.All(tracks, m => Assert.Equal(recording, Source(m, "RecordingToken")));
        await UnsubscribeAsync(subtree, _fixture.Capture);
        await UnsubscribeAsync(concrete, _fixture.Capture);
    }

    [Theory]
    [InlineData(ItemFilter)]
    [InlineData(XPath)]
    public async Task A_message_content_filter_over_the_items_selects_exactly_one_recordings_messages(string dialect)
    {
        var mine = await NewRecording("content-mine");
        var other = await NewRecording("content-other");
        var address = await CreatePullPointAsync(_fixture.Events,
            TopicFilter("tns1:RecordingConfig/RecordingConfiguration|tns1:RecordingConfig/DeleteRecording") +
            ContentFilter($"boolean(//tt:SimpleItem[@Name=\"RecordingToken\" and @Value=\"{mine}\"])", dialect));
        await using var pullPoint = Client(address);
        foreach (var token in new[] { other, mine })
        {
            await _fixture.Recording.CallAsync("SetRecordingConfiguration",
                RequestXml.Token("RecordingToken", token) + "<trc:RecordingConfiguration>" + RequestXml.ConfigurationBody("content", "P2D") + "</trc:RecordingConfiguration>");
        }

        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", other));
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", mine));

        var got = await PullUntilAsync(pullPoint, m => Topic(m) == "tns1:RecordingConfig/DeleteRecording");
        Assert.Equal(["tns1:RecordingConfig/RecordingConfiguration", "tns1:RecordingConfig/DeleteRecording"], got.Select(Topic));
        Assert.All(got, m => Assert.Equal(mine, Source(m, "RecordingToken")));
        Assert.Equal("P2D", ElementItem(got[0], "Configuration")!.Element(Wire.Tt + "MaximumRetentionTime")!.Value);
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Fact]
    public async Task A_message_content_filter_on_a_data_item_and_a_negation_select_by_value()
    {
        var recording = await NewRecording("content-data");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob", RequestXml.Job(recording))).Text(Wire.Trc + "JobToken");
        var idle = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/JobState") +
            ContentFilter($"boolean(//tt:SimpleItem[@Name=\"RecordingJobToken\" and @Value=\"{job}\"]) and boolean(//tt:SimpleItem[@Name=\"State\" and @Value=\"Idle\"])"));
        var notMine = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/JobState") +
            ContentFilter($"not(boolean(//tt:SimpleItem[@Name=\"RecordingJobToken\" and @Value=\"{job}\"]))"));
        await using var idlePoint = Client(idle);
        await using var notMinePoint = Client(notMine);

        var initial = await PullAsync(idlePoint, "PT5S");
        var single = Assert.Single(initial);
        Assert.Equal(("Initialized", job, "Idle"), (Operation(single), Source(single, "RecordingJobToken"), Data(single, "State")));
        Assert.DoesNotContain(await PullAsync(notMinePoint, "PT0S"), m => Source(m, "RecordingJobToken") == job);
        await UnsubscribeAsync(idle, _fixture.Capture);
        await UnsubscribeAsync(notMine, _fixture.Capture);
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", recording));
    }

    [Fact]
    public async Task SetSynchronizationPoint_sends_the_Initialized_state_of_every_matching_property_again()
    {
        var recording = await NewRecording("sync");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob", RequestXml.Job(recording))).Text(Wire.Trc + "JobToken");
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/JobState") +
            ContentFilter($"boolean(//tt:SimpleItem[@Name=\"RecordingJobToken\" and @Value=\"{job}\"])"));
        await using var pullPoint = Client(address);
        var first = Assert.Single(await PullAsync(pullPoint, "PT5S"));
        Assert.Equal("Initialized", Operation(first));
        Assert.Empty(await PullAsync(pullPoint, "PT0S"));

        await pullPoint.CallAsync("SetSynchronizationPoint");
        var again = Assert.Single(await PullAsync(pullPoint, "PT5S"));
        Assert.Equal(("Initialized", job, "Idle"), (Operation(again), Source(again, "RecordingJobToken"), Data(again, "State")));
        await UnsubscribeAsync(address, _fixture.Capture);
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", recording));
    }

    [Fact]
    public async Task A_second_pull_while_one_waits_gets_UnableToGetMessagesFault_and_the_first_still_answers()
    {
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:Receiver/ChangeState"));
        await using var first = Client(address);
        await using var second = Client(address);

        // Receivers other tests of the class created are announced first (Initialized): take them, so the pull waits.
        while ((await PullAsync(first, "PT0S")).Count > 0)
        {
        }

        var waiting = PullResponseAsync(first, "PT4S");

        // The waiting pull is registered when the server has read it; probe until the device reports it busy.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        string? fault = null;
        while (fault is null && DateTime.UtcNow < deadline && !waiting.IsCompleted)
        {
            try
            {
                await second.CallAsync("PullMessages", "<Timeout>PT0S</Timeout><MessageLimit>1</MessageLimit>");
            }
            catch (FaultException e)
            {
                fault = OnvifSoapClient.FaultChain(e);
                using var detail = e.CreateMessageFault().GetReaderAtDetailContents();
                Assert.Equal(("UnableToGetMessagesFault", Wsnt), (detail.LocalName, detail.NamespaceURI));
            }
        }

        Assert.Equal("Receiver/Action/UnableToGetMessages", fault);
        var answered = await waiting;
        Assert.Empty(answered.Elements(WsntNs + "NotificationMessage"));
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Fact]
    public async Task A_MessageLimit_above_the_maximum_is_capped_and_a_small_one_keeps_the_rest_queued()
    {
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/CreateRecording"));
        await using var pullPoint = Client(address);
        var a = await NewRecording("limit-a");
        var b = await NewRecording("limit-b");
        var c = await NewRecording("limit-c");

        var one = await PullAsync(pullPoint, "PT10S", limit: 1);
        Assert.Equal(a, Source(Assert.Single(one), "RecordingToken"));
        var rest = await PullUntilAsync(pullPoint, m => Source(m, "RecordingToken") == c, limit: int.MaxValue);
        Assert.Equal([b, c], rest.Select(m => Source(m, "RecordingToken")));
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://example.com/not-the-operation")]
    public async Task A_subscription_dispatches_by_body_element_whatever_the_action_says(string? action)
    {
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:Receiver/ChangeState"));
        using var http = new HttpClient();
        var envelope = $"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header>{UsernameTokenHeader.FreshXml()}</s:Header><s:Body>" +
            $"<PullMessages xmlns=\"{OnvifSoapClient.Tev}\"><Timeout>PT0S</Timeout><MessageLimit>5</MessageLimit></PullMessages></s:Body></s:Envelope>";
        using var content = new StringContent(envelope, System.Text.Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(
            "application/soap+xml; charset=utf-8" + (action is null ? string.Empty : $"; action=\"{action}\""));
        using var response = await http.PostAsync(address, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        _fixture.Capture.Add(bytes);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!.Elements().Last().Elements().Single();
        Assert.Equal(TevNs + "PullMessagesResponse", body.Name);
        await UnsubscribeAsync(address, _fixture.Capture);
    }
}
