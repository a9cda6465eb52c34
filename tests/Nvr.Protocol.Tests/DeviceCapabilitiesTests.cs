using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>Legacy GetCapabilities over real HTTP with the WCF client; every response is schema-validated at the end.</summary>
public sealed class DeviceCapabilitiesTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public DeviceCapabilitiesTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task GetCapabilities_lists_device_events_media_recording_search_replay_and_receiver_at_the_host_the_client_used()
    {
        var port = new Uri(_fixture.RecordingUrl).Port;
        await using var byName = new OnvifSoapClient($"http://localhost:{port}/onvif/device_service", OnvifSoapClient.Tds, _fixture.Capture);
        var capabilities = (await byName.CallAsync("GetCapabilities", "<tds:Category>All</tds:Category>")).Elements().Single();
        Assert.Equal(["Device", "Events", "Media", "Extension"], capabilities.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["Recording", "Search", "Replay", "Receiver"], capabilities.Element(Wire.Tt + "Extension")!.Elements().Select(e => e.Name.LocalName));
        var xaddrs = capabilities.Descendants(Wire.Tt + "XAddr").Select(x => x.Value).ToList();
        Assert.Equal(
            new[] { "/onvif/device_service", "/onvif/event_service", "/onvif/media_service", "/onvif/recording_service", "/onvif/search_service", "/onvif/replay_service", "/onvif/receiver_service" }.Select(p => $"http://localhost:{port}{p}"),
            xaddrs);
        Assert.Equal("true", capabilities.Descendants(Wire.Tt + "WSPullPointSupport").Single().Value);
        Assert.Equal("true", capabilities.Descendants(Wire.Tt + "DynamicRecordings").Single().Value);

        var withoutCategory = (await _fixture.Device.CallAsync("GetCapabilities")).Elements().Single();
        Assert.Equal(["Device", "Events", "Media", "Extension"], withoutCategory.Elements().Select(e => e.Name.LocalName));
        Assert.StartsWith("http://127.0.0.1:", withoutCategory.Text(Wire.Tt + "XAddr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCapabilities_of_one_category_returns_only_it_and_a_missing_category_faults_NoSuchService()
    {
        var device = (await _fixture.Device.CallAsync("GetCapabilities", "<tds:Category>Device</tds:Category>")).Elements().Single();
        Assert.Equal(["Device"], device.Elements().Select(e => e.Name.LocalName));
        var events = (await _fixture.Device.CallAsync("GetCapabilities", "<tds:Category>Events</tds:Category>")).Elements().Single();
        Assert.Equal(["Events"], events.Elements().Select(e => e.Name.LocalName));
        var media = (await _fixture.Device.CallAsync("GetCapabilities", "<tds:Category>Media</tds:Category>")).Elements().Single();
        Assert.Equal(["Media"], media.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("true", media.Descendants(Wire.Tt + "RTP_RTSP_TCP").Single().Value);
        foreach (var missing in new[] { "PTZ", "Imaging", "Analytics" })
        {
            Assert.Equal("Receiver/ActionNotSupported/NoSuchService", await _fixture.Device.FaultAsync("GetCapabilities", $"<tds:Category>{missing}</tds:Category>"));
        }
    }
}
