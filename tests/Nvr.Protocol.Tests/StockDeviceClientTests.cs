using System.Text.Json;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The npm <c>onvif</c> package (what node VMS front ends use) adds the appliance as a device: connect() reads the
/// clock and GetServices, then it identifies the device and uses the recording, search and replay services it
/// discovered, signed in with a user's credentials.
/// </summary>
public sealed class StockDeviceClientTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public StockDeviceClientTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_npm_onvif_client_connects_identifies_the_device_and_lists_recordings_through_what_it_discovered()
    {
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration("stock-device-client"))).Text(Wire.Trc + "RecordingToken");
        var device = new Uri(_fixture.Host.DeviceServiceUrls[0]);
        var information = await _fixture.Device.CallAsync("GetDeviceInformation");

        var lines = await StockOnvifClient.RunAsync("device", device.Host, device.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var services = Line(lines, "services").GetProperty("uri");
        foreach (var (name, path) in new[] { ("device", "/onvif/device_service"), ("events", "/onvif/event_service"), ("recording", "/onvif/recording_service"), ("search", "/onvif/search_service"), ("replay", "/onvif/replay_service"), ("receiver", "/onvif/receiver_service") })
        {
            Assert.True(services.TryGetProperty(name, out var address), $"the client found no {name} service: {services}");
            Assert.Equal($"http://{device.Host}:{device.Port}{path}", address.GetString());
        }

        var info = Line(lines, "device").GetProperty("info");
        Assert.Equal(information.Text(Wire.Tds + "SerialNumber"), info.GetProperty("serialNumber").ToString());
        Assert.Equal(information.Text(Wire.Tds + "Model"), info.GetProperty("model").ToString());
        Assert.Contains(recording, Line(lines, "recordings").GetProperty("tokens").EnumerateArray().Select(t => t.ToString()));
        Assert.True(int.Parse(Line(lines, "summary").GetProperty("summary").GetProperty("numberRecordings").ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var replay = Line(lines, "replay").GetProperty("uri").ToString();
        Assert.StartsWith($"rtsp://{device.Host}:", replay, StringComparison.Ordinal);
        Assert.Contains("/replay/", replay, StringComparison.Ordinal);
        await _fixture.Recording.CallAsync("DeleteRecording", Token("RecordingToken", recording));
    }

    private static JsonElement Line(List<JsonElement> lines, string kind) =>
        lines.SingleOrDefault(l => l.GetProperty("kind").GetString() == kind) is { ValueKind: JsonValueKind.Object } line
            ? line
            : throw new Xunit.Sdk.XunitException($"the client printed no '{kind}' line: {string.Join('\n', lines)}");
}
