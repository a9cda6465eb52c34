using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>The device service over real HTTP with the WCF client; every response is schema-validated at the end.</summary>
public sealed class DeviceServiceTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public DeviceServiceTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task GetServices_lists_every_service_at_the_address_the_client_used_with_its_own_service_capabilities()
    {
        var services = (await _fixture.Device.CallAsync("GetServices", "<tds:IncludeCapability>true</tds:IncludeCapability>")).Elements(Wire.Tds + "Service").ToList();
        var byNamespace = services.ToDictionary(s => s.Element(Wire.Tds + "Namespace")!.Value);
        Assert.Equal(
            new[] { OnvifSoapClient.Tds, OnvifSoapClient.Tev, OnvifSoapClient.Trc, OnvifSoapClient.Trv, OnvifSoapClient.Tsc, OnvifSoapClient.Tse, OnvifSoapClient.Trp, OnvifSoapClient.Trt }.Order(StringComparer.Ordinal),
            byNamespace.Keys.Order(StringComparer.Ordinal));
        var baseUrl = new Uri(_fixture.RecordingUrl).GetLeftPart(UriPartial.Authority);
        await using var search = new OnvifSoapClient(_fixture.Host.SearchServiceUrls[0], OnvifSoapClient.Tse, _fixture.Capture);
        await using var media = new OnvifSoapClient(_fixture.Host.MediaServiceUrls[0], OnvifSoapClient.Trt, _fixture.Capture);
        foreach (var (ns, client) in new[] { (OnvifSoapClient.Tds, _fixture.Device), (OnvifSoapClient.Trc, _fixture.Recording), (OnvifSoapClient.Trv, _fixture.Receiver), (OnvifSoapClient.Tsc, _fixture.Schedule), (OnvifSoapClient.Tev, _fixture.Events), (OnvifSoapClient.Tse, search), (OnvifSoapClient.Trp, _fixture.Replay), (OnvifSoapClient.Trt, media) })
        {
            var service = byNamespace[ns];
            Assert.StartsWith(baseUrl + "/onvif/", service.Element(Wire.Tds + "XAddr")!.Value, StringComparison.Ordinal);
            var listed = service.Element(Wire.Tds + "Capabilities")!.Elements().Single();
            var own = (await client.CallAsync("GetServiceCapabilities")).Elements().Single();
            Assert.Equal(Canonical(own), Canonical(listed));
        }

        var without = await _fixture.Device.CallAsync("GetServices", "<tds:IncludeCapability>false</tds:IncludeCapability>");
        Assert.Empty(without.Descendants(Wire.Tds + "Capabilities"));
        Assert.Equal("25", without.Elements(Wire.Tds + "Service").First(s => s.Element(Wire.Tds + "Namespace")!.Value == OnvifSoapClient.Tds).Descendants(Wire.Tt + "Major").Single().Value);
    }

    [Fact]
    public async Task GetSystemDateAndTime_reports_utc_and_the_zone_as_a_posix_string()
    {
        var before = DateTime.UtcNow;
        var reply = await _fixture.Device.CallAsync("GetSystemDateAndTime");
        var utc = reply.Descendants(Wire.Tt + "UTCDateTime").Single();
        var reported = new DateTime(
            int.Parse(utc.Text(Wire.Tt + "Year")), int.Parse(utc.Text(Wire.Tt + "Month")), int.Parse(utc.Text(Wire.Tt + "Day")),
            int.Parse(utc.Text(Wire.Tt + "Hour")), int.Parse(utc.Text(Wire.Tt + "Minute")), int.Parse(utc.Text(Wire.Tt + "Second")), DateTimeKind.Utc);
        Assert.InRange(reported, before.AddSeconds(-2), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal("UTC0", reply.Text(Wire.Tt + "TZ"));
    }

    [Fact]
    public async Task GetDeviceInformation_has_a_serial_number_kept_in_the_data_directory()
    {
        var reply = await _fixture.Device.CallAsync("GetDeviceInformation");
        var id = Guid.Parse(File.ReadAllText(Path.Combine(_fixture.DataDirectory, "device-id")).Trim());
        Assert.Equal(id.ToString("N")[..16].ToUpperInvariant(), reply.Text(Wire.Tds + "SerialNumber"));
        Assert.Equal($"urn:uuid:{id:D}", (await _fixture.Device.CallAsync("GetEndpointReference")).Text(Wire.Tds + "GUID"));
    }

    [Fact]
    public async Task Scopes_keep_the_fixed_Profile_G_scopes_and_refuse_removing_them()
    {
        await _fixture.Device.CallAsync("AddScopes", "<tds:ScopeItem>onvif://www.onvif.org/location/hall-7</tds:ScopeItem>");
        var scopes = await _fixture.Device.CallAsync("GetScopes");
        Assert.Contains("onvif://www.onvif.org/Profile/G", scopes.Texts(Wire.Tt + "ScopeItem"));
        Assert.Contains("onvif://www.onvif.org/location/hall-7", scopes.Texts(Wire.Tt + "ScopeItem"));
        Assert.Equal("Sender/OperationProhibited/FixedScope", await _fixture.Device.FaultAsync("RemoveScopes", "<tds:ScopeItem>onvif://www.onvif.org/Profile/G</tds:ScopeItem>"));
        Assert.Equal("Sender/InvalidArgVal/NoScope", await _fixture.Device.FaultAsync("RemoveScopes", "<tds:ScopeItem>onvif://www.onvif.org/name/never-set</tds:ScopeItem>"));
        var removed = await _fixture.Device.CallAsync("RemoveScopes", "<tds:ScopeItem>onvif://www.onvif.org/location/hall-7</tds:ScopeItem>");
        Assert.Equal(["onvif://www.onvif.org/location/hall-7"], removed.Texts(Wire.Tds + "ScopeItem"));
    }

    [Fact]
    public async Task Discovery_mode_is_set_and_read_back()
    {
        await _fixture.Device.CallAsync("SetDiscoveryMode", "<tds:DiscoveryMode>NonDiscoverable</tds:DiscoveryMode>");
        Assert.Equal("NonDiscoverable", (await _fixture.Device.CallAsync("GetDiscoveryMode")).Text(Wire.Tds + "DiscoveryMode"));
        await _fixture.Device.CallAsync("SetDiscoveryMode", "<tds:DiscoveryMode>Discoverable</tds:DiscoveryMode>");
    }

    [Fact]
    public async Task Network_configuration_is_read_from_the_host_and_its_Set_operations_are_not_supported()
    {
        var interfaces = await _fixture.Device.CallAsync("GetNetworkInterfaces");
        Assert.Contains("127.0.0.1", interfaces.Texts(Wire.Tt + "Address"));
        var port = new Uri(_fixture.RecordingUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(port, (await _fixture.Device.CallAsync("GetNetworkProtocols")).Texts(Wire.Tt + "Port"));
        await _fixture.Device.CallAsync("GetDNS");
        await _fixture.Device.CallAsync("GetNTP");
        await _fixture.Device.CallAsync("GetNetworkDefaultGateway");
        Assert.Equal("Receiver/ActionNotSupported", await _fixture.Device.FaultAsync("SetDNS", "<tds:FromDHCP>true</tds:FromDHCP>"));
        Assert.Equal("Receiver/ActionNotSupported", await _fixture.Device.FaultAsync("SetNetworkDefaultGateway"));
    }

    /// <summary>An element as name, sorted attributes and canonical children (namespace declarations and prefixes ignored).</summary>
    private static string Canonical(XElement element) =>
        element.Name + "[" + string.Join(",", element.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => $"{a.Name}={a.Value}").Order(StringComparer.Ordinal)) + "]" +
        "(" + string.Join(",", element.Elements().Select(Canonical)) + (element.HasElements ? string.Empty : element.Value) + ")";
}
