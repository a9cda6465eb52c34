using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Nvr.Control.Device;
using Nvr.Protocol.Hosting;

namespace Nvr.Protocol.Tests;

/// <summary>
/// WS-Discovery over real UDP on 127.0.0.1 (a free port): a Probe gets a ProbeMatch with the device's XAddrs and the
/// Profile G scope; a probe whose scope or type does not match gets none (proven without waiting: probes are answered
/// in order, so the first reply relating to a later matching probe shows the earlier ones were not answered); while
/// NonDiscoverable nothing answers within a bounded wait.
/// </summary>
public sealed class DiscoveryTests : IAsyncLifetime
{
    private static readonly XNamespace A = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    private static readonly XNamespace D = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    private static readonly XNamespace S = "http://www.w3.org/2003/05/soap-envelope";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"nvr-discovery-{Guid.NewGuid():N}");
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _announcements = new(new IPEndPoint(IPAddress.Loopback, 0)); // stands in for the multicast group
    private ApplianceHost? _host;

    private ApplianceHost Host => _host ?? throw new InvalidOperationException("not started");

    private IPEndPoint Responder => new(IPAddress.Loopback, Host.DiscoveryPort!.Value);

    public async Task InitializeAsync() => _host = await ApplianceHost.StartAsync(
        new ApplianceOptions
        {
            DataDirectory = _dataDirectory,
            Urls = ["http://127.0.0.1:0"],
            RecordingEngine = false,
            DiscoveryPort = 0,
            DiscoveryAddress = IPAddress.Loopback,
            DiscoveryAnnounceTo = (IPEndPoint)_announcements.Client.LocalEndPoint!,
            AdminUser = Infrastructure.OnvifCredentials.Admin.Username,
            AdminPassword = Infrastructure.OnvifCredentials.Admin.Password,
        },
        logging => logging.AddFilter(_ => false));

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _announcements.Dispose();

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_probe_for_tds_Device_gets_a_ProbeMatch_with_the_device_service_XAddr_and_the_Profile_G_scope()
    {
        var id = await ProbeAsync("<d:Types>tds:Device</d:Types><d:Scopes>onvif://www.onvif.org/Profile/G</d:Scopes>");
        var reply = await ReplyAsync();
        Assert.Equal(id, reply.Descendants(A + "RelatesTo").Single().Value);
        Assert.Equal("http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches", reply.Descendants(A + "Action").Single().Value);
        var match = reply.Descendants(D + "ProbeMatch").Single();
        Assert.Equal([Host.DeviceServiceUrls[0]], match.Element(D + "XAddrs")!.Value.Split(' '));
        Assert.Contains("onvif://www.onvif.org/Profile/G", match.Element(D + "Scopes")!.Value.Split(' '));
        Assert.Equal("tds:Device", match.Element(D + "Types")!.Value);
        Assert.StartsWith("urn:uuid:", match.Descendants(A + "Address").Single().Value, StringComparison.Ordinal);
        Assert.True(long.Parse(match.Element(D + "MetadataVersion")!.Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);

        await using var device = new Infrastructure.OnvifSoapClient(Host.DeviceServiceUrls[0], Infrastructure.OnvifSoapClient.Tds, new Infrastructure.EnvelopeCapture());
        var system = (await device.CallAsync("GetServiceCapabilities")).Descendants(Infrastructure.Wire.Tds + "System").Single();
        Assert.Equal(("false", "true"), (system.Attribute("DiscoveryNotSupported")!.Value, system.Attribute("DiscoveryBye")!.Value));
    }

    [Fact]
    public async Task Probes_whose_scope_or_type_does_not_match_and_malformed_datagrams_get_no_answer()
    {
        await ProbeAsync("<d:Scopes>onvif://www.onvif.org/Profile/T</d:Scopes>"); // Profile/Streaming (the media service) is claimed now
        await ProbeAsync("<d:Scopes>onvif://www.onvif.org/Profile/G/extra</d:Scopes>");
        await ProbeAsync("<d:Types xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">dn:NetworkVideoTransmitter</d:Types>");
        await _client.SendAsync(Encoding.UTF8.GetBytes("<not-soap/>"), Responder);
        var matching = await ProbeAsync("<d:Scopes>onvif://www.onvif.org/type</d:Scopes>"); // rfc3986: a path prefix of type/video_storage
        Assert.Equal(matching, (await ReplyAsync()).Descendants(A + "RelatesTo").Single().Value);
    }

    [Fact]
    public async Task A_unicast_probe_with_an_unsupported_matching_rule_gets_the_MatchingRuleNotSupported_fault_listing_the_supported_rules()
    {
        var id = await ProbeAsync("<d:Scopes MatchBy=\"http://schemas.xmlsoap.org/ws/2005/04/discovery/ldap\">ldap:///ou=site-2</d:Scopes>");
        var reply = await ReplyAsync();
        Assert.Equal(id, reply.Descendants(A + "RelatesTo").Single().Value);
        Assert.Equal("http://schemas.xmlsoap.org/ws/2005/04/discovery/fault", reply.Descendants(A + "Action").Single().Value);
        var fault = reply.Descendants(S + "Fault").Single();
        var code = fault.Element(S + "Code")!;
        Assert.Equal(S + "Sender", QName(code.Element(S + "Value")!));
        Assert.Equal(D + "MatchingRuleNotSupported", QName(code.Element(S + "Subcode")!.Element(S + "Value")!));
        Assert.Contains("ldap", fault.Element(S + "Reason")!.Element(S + "Text")!.Value, StringComparison.Ordinal);
        Assert.Equal(
            ["http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc3986", "http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0"],
            fault.Element(S + "Detail")!.Element(D + "SupportedMatchingRules")!.Value.Split(' '));

        // strcmp0 is implemented: an exact scope gets its ProbeMatch
        var exact = await ProbeAsync("<d:Scopes MatchBy=\"http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0\">onvif://www.onvif.org/Profile/G</d:Scopes>");
        Assert.Equal(exact, (await ReplyAsync()).Descendants(A + "RelatesTo").Single().Value);
    }

    [Fact]
    public void Multicast_requests_are_answered_after_a_random_delay_below_APP_MAX_DELAY_unicast_ones_at_once()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 1000).Select(_ => Nvr.Protocol.Discovery.DiscoveryResponder.ReplyDelay(multicast: true, random)).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(499)));
        Assert.True(delays.Distinct().Count() > 100, "the delays are spread, not one fixed wait");
        Assert.Equal(TimeSpan.Zero, Nvr.Protocol.Discovery.DiscoveryResponder.ReplyDelay(multicast: false, random));
    }

    private static XName QName(XElement qnameValue)
    {
        var text = qnameValue.Value.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return qnameValue.GetNamespaceOfPrefix(text[..colon])! + text[(colon + 1)..];
    }

    [Fact]
    public async Task NonDiscoverable_silences_the_responder()
    {
        await Host.Control.AskDeviceAsync(new SetDiscoveryMode("NonDiscoverable"));
        await ProbeAsync(string.Empty);

        // Absence while NonDiscoverable can only be shown by waiting: a bounded wait in which no reply may come.
        using (var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _client.ReceiveAsync(quiet.Token));
        }

        await Host.Control.AskDeviceAsync(new SetDiscoveryMode("Discoverable"));
        var afterwards = await ProbeAsync(string.Empty);
        Assert.Equal(afterwards, (await ReplyAsync()).Descendants(A + "RelatesTo").Single().Value);
    }

    [Fact]
    public async Task Hello_announces_the_start_and_every_scope_change_Bye_the_switch_to_NonDiscoverable_and_a_Resolve_is_answered()
    {
        var hello = await AnnouncementAsync("Hello");
        var address = hello.Descendants(A + "Address").Single().Value;
        var version = MetadataVersion(hello);
        var capture = new Infrastructure.EnvelopeCapture();
        await using (var device = new Infrastructure.OnvifSoapClient(Host.DeviceServiceUrls[0], Infrastructure.OnvifSoapClient.Tds, capture))
        {
            // A scope change is new metadata: Hello with the new scope and a higher MetadataVersion.
            await device.CallAsync("AddScopes", "<tds:ScopeItem>onvif://www.onvif.org/location/hall-7</tds:ScopeItem>");
            var changed = await AnnouncementAsync("Hello");
            Assert.Contains("onvif://www.onvif.org/location/hall-7", changed.Descendants(D + "Scopes").Single().Value.Split(' '));
            Assert.True(MetadataVersion(changed) > version, "MetadataVersion did not grow with the scopes");

            // Resolve of another endpoint gets nothing (shown by order: the next reply relates to the later Resolve).
            await ResolveAsync("urn:uuid:00000000-0000-0000-0000-000000000000");
            var resolved = await ResolveAsync(address);
            var reply = await ReplyAsync();
            Assert.Equal(resolved, reply.Descendants(A + "RelatesTo").Single().Value);
            Assert.Equal("http://schemas.xmlsoap.org/ws/2005/04/discovery/ResolveMatches", reply.Descendants(A + "Action").Single().Value);
            var match = reply.Descendants(D + "ResolveMatch").Single();
            Assert.Equal(address, match.Descendants(A + "Address").Single().Value);
            Assert.Equal([Host.DeviceServiceUrls[0]], match.Element(D + "XAddrs")!.Value.Split(' '));

            await device.CallAsync("SetDiscoveryMode", "<tds:DiscoveryMode>NonDiscoverable</tds:DiscoveryMode>");
            Assert.Equal(address, (await AnnouncementAsync("Bye")).Descendants(A + "Address").Single().Value);
            await device.CallAsync("SetDiscoveryMode", "<tds:DiscoveryMode>Discoverable</tds:DiscoveryMode>");
            Assert.Equal(address, (await AnnouncementAsync("Hello")).Descendants(A + "Address").Single().Value);
        }

        await Infrastructure.OnvifValidator.AssertValidAsync(capture, "discovery");
    }

    private static long MetadataVersion(XElement message) =>
        long.Parse(message.Descendants(D + "MetadataVersion").Single().Value, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<XElement> AnnouncementAsync(string action)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var message = XElement.Parse(Encoding.UTF8.GetString((await _announcements.ReceiveAsync(timeout.Token)).Buffer));
        Assert.Equal($"http://schemas.xmlsoap.org/ws/2005/04/discovery/{action}", message.Descendants(A + "Action").Single().Value);
        Assert.Equal("urn:schemas-xmlsoap-org:ws:2005:04:discovery", message.Descendants(A + "To").Single().Value);
        return message;
    }

    private Task<string> ResolveAsync(string address) =>
        SendAsync("Resolve", $"<d:Resolve><a:EndpointReference><a:Address>{address}</a:Address></a:EndpointReference></d:Resolve>");

    private Task<string> ProbeAsync(string probeContent) => SendAsync("Probe", $"<d:Probe>{probeContent}</d:Probe>");

    /// <summary>Sends one WS-Discovery request (SOAP 1.2 over UDP) to the responder; returns its MessageID.</summary>
    private async Task<string> SendAsync(string action, string body)
    {
        var id = $"urn:uuid:{Guid.NewGuid():D}";
        var message =
            "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" " +
            "xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\" xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\">" +
            $"<s:Header><a:MessageID>{id}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>" +
            $"<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/{action}</a:Action></s:Header>" +
            $"<s:Body>{body}</s:Body></s:Envelope>";
        await _client.SendAsync(Encoding.UTF8.GetBytes(message), Responder);
        return id;
    }

    private async Task<XElement> ReplyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var datagram = await _client.ReceiveAsync(timeout.Token);
        return XElement.Parse(Encoding.UTF8.GetString(datagram.Buffer));
    }
}
