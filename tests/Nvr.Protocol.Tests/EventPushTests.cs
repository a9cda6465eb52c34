using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Nvr.Protocol.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Base notification over real HTTP both ways: wsnt:Subscribe with a ConsumerReference, Notify POSTs (SOAP 1.2) to a
/// Kestrel consumer on 127.0.0.1, Renew/Unsubscribe at the subscription manager address, bounded retries and the
/// drop of a failing consumer, and at most <see cref="PushDelivery.MaxConcurrentDeliveries"/> POSTs at once.
/// </summary>
public sealed class EventPushTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public EventPushTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    private async Task<string> SubscribeAsync(string consumer, string topics = "tns1:RecordingConfig/CreateRecording|tns1:RecordingConfig/DeleteRecording")
    {
        await using var producer = new OnvifSoapClient(_fixture.Host.EventServiceUrls[0], Wsnt, _fixture.Capture);
        var response = await producer.CallAsync("Subscribe",
            $"<ConsumerReference><wsa:Address xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">{consumer}</wsa:Address></ConsumerReference>" +
            $"<Filter>{TopicFilter(topics)}</Filter><InitialTerminationTime>PT60S</InitialTerminationTime>");
        AssertUtc(response.Element(WsntNs + "CurrentTime")!);
        AssertUtc(response.Element(WsntNs + "TerminationTime")!);
        return response.Element(WsntNs + "SubscriptionReference")!.Element(WsaNs + "Address")!.Value;
    }

    private async Task<string> NewRecording(string name) =>
        (await _fixture.Recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration(name))).Text(Wire.Trc + "RecordingToken");

    [Fact]
    public async Task Subscribe_delivers_Notify_to_the_consumer_and_Renew_and_Unsubscribe_work_at_the_manager_address()
    {
        await using var consumer = await NotificationConsumer.StartAsync(_fixture.Capture);
        var ended = await SubscribeAsync(consumer.Url("ended"));
        var kept = await SubscribeAsync(consumer.Url("kept"));
        Assert.Contains("/onvif/event_service/subscriptions/", ended, StringComparison.Ordinal);

        var recording = await NewRecording("push");
        var created = await consumer.WaitForAsync("ended", m => Source(m, "RecordingToken") == recording);
        Assert.Equal("tns1:RecordingConfig/CreateRecording", Topic(created));
        AssertUtc(new XElement("t", (string)Message(created).Attribute("UtcTime")!));
        var request = consumer.Requests.First(r => r.Path == "/ended");
        Assert.StartsWith("application/soap+xml", request.ContentType, StringComparison.Ordinal);
        Assert.Contains("action=\"" + PushDelivery.NotifyAction + "\"", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(XName.Get("Envelope", "http://www.w3.org/2003/05/soap-envelope"), request.Root);

        await using var manager = new OnvifSoapClient(ended, Wsnt, _fixture.Capture);
        var renewed = await manager.CallAsync("Renew", "<TerminationTime>PT10M</TerminationTime>");
        Assert.True(AssertUtc(renewed.Element(WsntNs + "TerminationTime")!) - AssertUtc(renewed.Element(WsntNs + "CurrentTime")!) > TimeSpan.FromMinutes(9));
        await manager.CallAsync("Unsubscribe");
        Assert.Equal("Sender/InvalidArgVal/ResourceUnknown", await manager.FaultAsync("Renew", "<TerminationTime>PT1M</TerminationTime>"));

        // Both subscriptions see the same events in order: once "kept" has the deletion, "ended" would have had it too.
        await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", recording));
        await consumer.WaitForAsync("kept", m => Topic(m) == "tns1:RecordingConfig/DeleteRecording" && Source(m, "RecordingToken") == recording);
        Assert.Equal(["tns1:RecordingConfig/CreateRecording"], consumer.Messages("ended").Select(Topic));
        await UnsubscribeAsync(kept, _fixture.Capture);
    }

    [Fact]
    public async Task A_consumer_that_keeps_failing_or_does_not_answer_is_retried_a_bounded_number_of_times_then_dropped_and_counted()
    {
        await using var consumer = await NotificationConsumer.StartAsync(_fixture.Capture);
        consumer.Mode = NotificationConsumer.Behaviour.Fail;
        var failing = await SubscribeAsync(consumer.Url("failing"));
        var refused = await SubscribeAsync($"http://127.0.0.1:{ClosedPort()}/gone");
        var broker = _fixture.Host.Control.Notifications;
        long droppedBefore = broker.DroppedConsumers;

        await NewRecording("push-failing");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (broker.DroppedConsumers - droppedBefore < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"dropped {broker.DroppedConsumers - droppedBefore} of 2 consumers");
            await Task.Delay(100);
        }

        Assert.Equal(PushDelivery.Attempts, consumer.Requests.Count(r => r.Path == "/failing"));
        foreach (var address in new[] { failing, refused })
        {
            await using var manager = new OnvifSoapClient(address, Wsnt, _fixture.Capture);
            Assert.Equal("Sender/InvalidArgVal/ResourceUnknown", await manager.FaultAsync("Renew", "<TerminationTime>PT1M</TerminationTime>"));
        }
    }

    [Fact]
    public async Task No_more_than_MaxConcurrentDeliveries_Notify_requests_run_at_once()
    {
        await using var consumer = await NotificationConsumer.StartAsync(_fixture.Capture);
        consumer.Mode = NotificationConsumer.Behaviour.Hold;
        int subscriptions = PushDelivery.MaxConcurrentDeliveries + 2;
        var addresses = new List<string>();
        for (int i = 0; i < subscriptions; i++)
        {
            addresses.Add(await SubscribeAsync(consumer.Url($"held-{i}"), "tns1:RecordingConfig/CreateRecording"));
        }

        var recording = await NewRecording("push-held");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (consumer.InFlight < PushDelivery.MaxConcurrentDeliveries)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {consumer.InFlight} deliveries started");
            await Task.Delay(20);
        }

        // An observation window (not synchronisation): while four are held, no fifth POST may start.
        var window = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < window)
        {
            Assert.True(consumer.InFlight <= PushDelivery.MaxConcurrentDeliveries, $"{consumer.InFlight} deliveries at once");
            await Task.Delay(20);
        }

        consumer.Release();
        for (int i = 0; i < subscriptions; i++)
        {
            await consumer.WaitForAsync($"held-{i}", m => Source(m, "RecordingToken") == recording);
        }

        Assert.Equal(PushDelivery.MaxConcurrentDeliveries, consumer.MaxInFlight);
        foreach (var address in addresses)
        {
            await UnsubscribeAsync(address, _fixture.Capture);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
