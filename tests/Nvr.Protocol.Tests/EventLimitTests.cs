using Nvr.Control.Notifications;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;

namespace Nvr.Protocol.Tests;

/// <summary>An appliance whose event service has small bounds: 3 pull points, 4 queued messages each.</summary>
public sealed class SmallEventLimitsFixture : ApplianceFixture
{
    public const int MaxPullPoints = 3;
    public const int QueueCapacity = 4;

    protected override NotificationLimits Notifications => new() { MaxPullPoints = MaxPullPoints, QueueCapacity = QueueCapacity };

    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, "event-limits");
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}

/// <summary>
/// The event service's bounds over real HTTP: the maximum of pull points (Core's SubscribeCreationFailedFault), a
/// full queue dropping its oldest messages with a counter and a gap message the client sees, and expiry.
/// The tests of this class share one appliance and run one after the other; each unsubscribes what it created.
/// </summary>
public sealed class EventLimitTests : IClassFixture<SmallEventLimitsFixture>
{
    private readonly SmallEventLimitsFixture _fixture;

    public EventLimitTests(SmallEventLimitsFixture fixture) => _fixture = fixture;

    private NotificationBroker Broker => _fixture.Host.Control.Notifications;

    private OnvifSoapClient Client(string url) => new(url, OnvifSoapClient.Tev, _fixture.Capture);

    [Fact]
    public async Task Beyond_MaxPullPoints_CreatePullPointSubscription_fails_with_SubscribeCreationFailed_until_one_ends()
    {
        var capabilities = (await _fixture.Events.CallAsync("GetServiceCapabilities")).Element(TevNs + "Capabilities")!;
        Assert.Equal(SmallEventLimitsFixture.MaxPullPoints, (int)capabilities.Attribute("MaxPullPoints")!);
        var addresses = new List<string>();
        for (int i = 0; i < SmallEventLimitsFixture.MaxPullPoints; i++)
        {
            addresses.Add(await CreatePullPointAsync(_fixture.Events));
        }

        Assert.Equal("Receiver/Action/SubscribeCreationFailed", await _fixture.Events.FaultAsync("CreatePullPointSubscription"));
        await UnsubscribeAsync(addresses[0], _fixture.Capture);

        addresses[0] = await CreatePullPointAsync(_fixture.Events);
        foreach (var address in addresses)
        {
            await UnsubscribeAsync(address, _fixture.Capture);
        }
    }

    [Fact]
    public async Task A_full_queue_drops_its_oldest_messages_counts_them_and_shows_the_gap()
    {
        var flooded = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/CreateRecording"));
        var marker = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig/DeleteRecording"));
        await using var floodedPoint = Client(flooded);
        await using var markerPoint = Client(marker);
        long droppedBefore = Broker.DroppedMessages;
        var tokens = new List<string>();
        for (int i = 0; i < SmallEventLimitsFixture.QueueCapacity + 2; i++)
        {
            tokens.Add((await _fixture.Recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration($"flood-{i}"))).Text(Wire.Trc + "RecordingToken"));
        }

        // Events reach subscribers in order: once the marker sees the deletion, every CreateRecording was offered.
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", tokens[0]));
        await PullUntilAsync(markerPoint, m => Source(m, "RecordingToken") == tokens[0]);

        var got = await PullAsync(floodedPoint, "PT0S");
        Assert.Equal("nvr:EventService/MessagesDropped", Topic(got[0]));
        Assert.Equal("2", Data(got[0], "Count"));
        Assert.Equal(tokens.Skip(2), got.Skip(1).Select(m => Source(m, "RecordingToken")));
        Assert.Equal(2, Broker.DroppedMessages - droppedBefore);

        // The gap is reported once; the next messages arrive without a marker.
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", tokens[1]));
        var fresh = await PullUntilAsync(markerPoint, m => Source(m, "RecordingToken") == tokens[1]);
        Assert.DoesNotContain(fresh, m => Topic(m).StartsWith("nvr:", StringComparison.Ordinal));
        await UnsubscribeAsync(flooded, _fixture.Capture);
        await UnsubscribeAsync(marker, _fixture.Capture);
    }

    [Fact]
    public async Task A_subscription_past_its_termination_time_is_removed_and_then_unknown()
    {
        long expiredBefore = Broker.ExpiredSubscriptions;
        var address = await CreatePullPointAsync(_fixture.Events, termination: "PT1S");
        var id = address[(address.LastIndexOf('/') + 1)..];
        Assert.NotNull(Broker.Get(id));

        // The broker's sweeper (a timer of the injected clock) removes it without any request touching it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Broker.Snapshot().Any(s => s.Id == id))
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired subscription was not removed");
            await Task.Delay(100);
        }

        Assert.True(Broker.ExpiredSubscriptions > expiredBefore);
        await using var pullPoint = Client(address);
        Assert.Equal("Sender/InvalidArgVal/ResourceUnknown", await pullPoint.FaultAsync("SetSynchronizationPoint"));
        Assert.Equal("Sender/InvalidArgVal/ResourceUnknown", await pullPoint.FaultAsync("PullMessages", "<Timeout>PT0S</Timeout><MessageLimit>1</MessageLimit>"));
    }
}
