using System.Text.Json;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Stock clients subscribe through the event service (tests/peers/onvif-event-client.sh): node-soap built from the
/// official event.wsdl and the npm <c>onvif</c> package each create a pull point and receive the Initialized JobState
/// of an existing job. The appliance's answers to them are not captured; the same operations are validated elsewhere.
/// </summary>
public sealed class EventClientTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public EventClientTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("soap")]
    [InlineData("onvif")]
    public async Task A_stock_client_creates_a_pull_point_and_receives_the_Initialized_JobState_of_every_job(string client)
    {
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration($"client-{client}"))).Text(Wire.Trc + "RecordingToken");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob", Job(recording))).Text(Wire.Trc + "JobToken");
        var url = new Uri(_fixture.Host.EventServiceUrls[0]);
        string[] arguments = client == "soap"
            ? [url.AbsoluteUri, Path.GetFullPath(Path.Combine(TestTools.RepositoryRoot, "..", "shared", "onvif"))]
            : [url.Host, url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];

        var lines = await StockOnvifClient.RunAsync(client, arguments);
        var created = lines.Single(l => l.GetProperty("kind").GetString() == "created");
        Assert.Contains("/onvif/event_service/subscriptions/", created.GetProperty("address").ToString(), StringComparison.Ordinal);
        var states = lines.Where(l => l.GetProperty("kind").GetString() == "message" && l.GetProperty("topic").GetString() == "tns1:RecordingConfig/JobState").ToList();
        var mine = Assert.Single(states, l => l.GetProperty("source").TryGetProperty("RecordingJobToken", out var t) && t.GetString() == job);
        Assert.Equal("Initialized", mine.GetProperty("operation").GetString());
        Assert.Equal("Idle", mine.GetProperty("data").GetProperty("State").GetString());
        await _fixture.Recording.CallAsync("DeleteRecording", Token("RecordingToken", recording));
    }
}
