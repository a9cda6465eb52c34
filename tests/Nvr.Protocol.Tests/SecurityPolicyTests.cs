using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The password history and authentication failure warning policies of Core over SOAP: advertised in the security
/// capabilities, configured and kept, out-of-range values refused; SetUser refuses a password of the history, and
/// failures beyond the allowed count from one address raise tns1:Device/SecurityPolicy/AuthFailed, once per
/// monitor period, with the client's address and no credential. Every response is schema-validated.
/// </summary>
public sealed class SecurityPolicyTests : IClassFixture<ValidatedApplianceFixture>
{
    private const string Weak = "Sender/OperationProhibited/PasswordTooWeak";
    private readonly ValidatedApplianceFixture _fixture;

    public SecurityPolicyTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    private static string User(string name, string password) =>
        $"<tds:User><tt:Username>{name}</tt:Username><tt:Password>{password}</tt:Password><tt:UserLevel>User</tt:UserLevel></tds:User>";

    [Fact]
    public async Task Password_history_refuses_the_last_passwords_of_a_user_and_allows_older_ones()
    {
        var device = _fixture.Device;
        var security = (await device.CallAsync("GetServiceCapabilities")).Descendants(Wire.Tds + "Security").Single();
        Assert.Equal("10", security.Attribute("MaxPasswordHistory")?.Value);

        var initial = await device.CallAsync("GetPasswordHistoryConfiguration");
        Assert.Equal(("false", "5"), (initial.Text(Wire.Tds + "Enabled"), initial.Text(Wire.Tds + "Length")));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetPasswordHistoryConfiguration", "<tds:Enabled>true</tds:Enabled><tds:Length>0</tds:Length>"));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetPasswordHistoryConfiguration", "<tds:Enabled>true</tds:Enabled><tds:Length>11</tds:Length>"));

        // Disabled, the same password may be set again.
        await device.CallAsync("CreateUsers", User("historian", "first-Pass-1"));
        await device.CallAsync("SetUser", User("historian", "first-Pass-1"));

        await device.CallAsync("SetPasswordHistoryConfiguration", "<tds:Enabled>true</tds:Enabled><tds:Length>2</tds:Length>");
        var configured = await device.CallAsync("GetPasswordHistoryConfiguration");
        Assert.Equal(("true", "2"), (configured.Text(Wire.Tds + "Enabled"), configured.Text(Wire.Tds + "Length")));

        Assert.Equal(Weak, await device.FaultAsync("SetUser", User("historian", "first-Pass-1"))); // the current one
        await device.CallAsync("SetUser", User("historian", "second-Pass-2"));
        Assert.Equal(Weak, await device.FaultAsync("SetUser", User("historian", "first-Pass-1"))); // one of the last two
        await device.CallAsync("SetUser", User("historian", "third-Pass-3"));
        await device.CallAsync("SetUser", User("historian", "first-Pass-1")); // three passwords ago: allowed again

        // The refused passwords were not set: the user logs in with the last accepted one.
        await using (var historian = new OnvifSoapClient(_fixture.Host.DeviceServiceUrls[0], OnvifSoapClient.Tds, _fixture.Capture, new OnvifCredentials("historian", "first-Pass-1")))
        {
            await historian.CallAsync("GetScopes");
        }

        await device.CallAsync("SetPasswordHistoryConfiguration", "<tds:Enabled>false</tds:Enabled><tds:Length>5</tds:Length>");
        await device.CallAsync("DeleteUsers", "<tds:Username>historian</tds:Username>");
    }

    [Fact]
    public async Task Failures_beyond_MaxAuthFailures_from_one_address_raise_AuthFailed_once_per_monitor_period()
    {
        var device = _fixture.Device;
        var security = (await device.CallAsync("GetServiceCapabilities")).Descendants(Wire.Tds + "Security").Single();
        Assert.Contains("AuthFailureWarnings", security.Attribute("SecurityPolicies")!.Value.Split(' '));
        var options = await device.CallAsync("GetAuthFailureWarningOptions");
        Assert.Equal(["1", "3600"], options.Descendants(Wire.Tds + "MonitorPeriodRange").Single().Elements().Select(e => e.Value));
        Assert.Equal(["1", "1000"], options.Descendants(Wire.Tds + "AuthFailureRange").Single().Elements().Select(e => e.Value));
        var initial = await device.CallAsync("GetAuthFailureWarningConfiguration");
        Assert.Equal(("true", "60", "5"), (initial.Text(Wire.Tds + "Enabled"), initial.Text(Wire.Tds + "MonitorPeriod"), initial.Text(Wire.Tds + "MaxAuthFailures")));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetAuthFailureWarningConfiguration",
            "<tds:Enabled>true</tds:Enabled><tds:MonitorPeriod>0</tds:MonitorPeriod><tds:MaxAuthFailures>3</tds:MaxAuthFailures>"));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetAuthFailureWarningConfiguration",
            "<tds:Enabled>true</tds:Enabled><tds:MonitorPeriod>60</tds:MonitorPeriod><tds:MaxAuthFailures>1001</tds:MaxAuthFailures>"));

        await device.CallAsync("SetAuthFailureWarningConfiguration",
            "<tds:Enabled>true</tds:Enabled><tds:MonitorPeriod>3600</tds:MonitorPeriod><tds:MaxAuthFailures>2</tds:MaxAuthFailures>");
        var configured = await device.CallAsync("GetAuthFailureWarningConfiguration");
        Assert.Equal(("true", "3600", "2"), (configured.Text(Wire.Tds + "Enabled"), configured.Text(Wire.Tds + "MonitorPeriod"), configured.Text(Wire.Tds + "MaxAuthFailures")));

        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:Device/SecurityPolicy/AuthFailed"));
        await using var pullPoint = new OnvifSoapClient(address, OnvifSoapClient.Tev, _fixture.Capture);
        await using var intruder = new OnvifSoapClient(_fixture.Host.DeviceServiceUrls[0], OnvifSoapClient.Tds, _fixture.Capture, new OnvifCredentials(OnvifCredentials.Admin.Username, "not-the-Password-9"));

        // Two failures are allowed: nothing is raised (the pull waits out its whole timeout).
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Sender/NotAuthorized", await intruder.FaultAsync("GetScopes"));
        }

        Assert.Empty(await PullAsync(pullPoint, "PT1S"));

        // The third within the period is reported, once: the fourth and fifth start counting again.
        Assert.Equal("Sender/NotAuthorized", await intruder.FaultAsync("GetScopes"));
        var raised = await PullUntilAsync(pullPoint, m => Topic(m).EndsWith("Device/SecurityPolicy/AuthFailed", StringComparison.Ordinal));
        var warning = Assert.Single(raised);
        Assert.Equal("127.0.0.1", Data(warning, "SourceIPv4"));
        Assert.False(string.IsNullOrEmpty(Source(warning, "NetworkInterface")));
        Assert.DoesNotContain("not-the-Password-9", warning.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(OnvifCredentials.Admin.Username, warning.ToString(), StringComparison.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Sender/NotAuthorized", await intruder.FaultAsync("GetScopes"));
        }

        Assert.Empty(await PullAsync(pullPoint, "PT1S"));

        // Disabled, failures raise nothing.
        await device.CallAsync("SetAuthFailureWarningConfiguration",
            "<tds:Enabled>false</tds:Enabled><tds:MonitorPeriod>60</tds:MonitorPeriod><tds:MaxAuthFailures>1</tds:MaxAuthFailures>");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Sender/NotAuthorized", await intruder.FaultAsync("GetScopes"));
        }

        Assert.Empty(await PullAsync(pullPoint, "PT1S"));
        await UnsubscribeAsync(address, _fixture.Capture);
        await device.CallAsync("SetAuthFailureWarningConfiguration",
            "<tds:Enabled>true</tds:Enabled><tds:MonitorPeriod>60</tds:MonitorPeriod><tds:MaxAuthFailures>5</tds:MaxAuthFailures>");
    }

    [Fact]
    public async Task Refused_RTSP_Digest_credentials_count_towards_AuthFailed_of_the_RTSP_clients_address()
    {
        var device = _fixture.Device;
        await device.CallAsync("SetAuthFailureWarningConfiguration",
            "<tds:Enabled>true</tds:Enabled><tds:MonitorPeriod>3600</tds:MonitorPeriod><tds:MaxAuthFailures>2</tds:MaxAuthFailures>");
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:Device/SecurityPolicy/AuthFailed"));
        await using var pullPoint = new OnvifSoapClient(address, OnvifSoapClient.Tev, _fixture.Capture);

        // From 127.0.0.2 (loopback too): its failures are its own, apart from the SOAP test's 127.0.0.1.
        var port = _fixture.Host.Rtsp!.Port;
        using var tcp = new System.Net.Sockets.TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.2"), 0));
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var rtsp = new RawRtsp(tcp.GetStream(), $"rtsp://127.0.0.1:{port}/replay/no-such-recording");

        // The first request without credentials is the normal challenge, not a failure.
        var (status, challenge) = await rtsp.DescribeAsync(null);
        Assert.Equal(401, status);
        var realm = System.Text.RegularExpressions.Regex.Match(challenge!, "realm=\"([^\"]*)\"").Groups[1].Value;
        var nonce = System.Text.RegularExpressions.Regex.Match(challenge!, "nonce=\"([^\"]*)\"").Groups[1].Value;
        var wrong = $"Digest username=\"{OnvifCredentials.Admin.Username}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{rtsp.Uri}\", response=\"{new string('0', 32)}\"";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(401, (await rtsp.DescribeAsync(wrong)).Status);
        }

        Assert.Empty(await PullAsync(pullPoint, "PT1S"));
        Assert.Equal(401, (await rtsp.DescribeAsync(wrong)).Status);
        var raised = await PullUntilAsync(pullPoint, m => Topic(m).EndsWith("Device/SecurityPolicy/AuthFailed", StringComparison.Ordinal));
        var warning = Assert.Single(raised);
        Assert.Equal("127.0.0.2", Data(warning, "SourceIPv4"));
        Assert.DoesNotContain(OnvifCredentials.Admin.Username, warning.ToString(), StringComparison.Ordinal);

        await UnsubscribeAsync(address, _fixture.Capture);
        await device.CallAsync("SetAuthFailureWarningConfiguration",
            "<tds:Enabled>true</tds:Enabled><tds:MonitorPeriod>60</tds:MonitorPeriod><tds:MaxAuthFailures>5</tds:MaxAuthFailures>");
    }

    /// <summary>DESCRIBE requests on one RTSP connection, written and read as plain text.</summary>
    private sealed class RawRtsp(System.IO.Stream stream, string uri)
    {
        private readonly System.IO.StreamReader _reader = new(stream, System.Text.Encoding.ASCII);
        private int _cseq;

        public string Uri => uri;

        /// <summary>Sends DESCRIBE (with <paramref name="authorization"/> when given); returns the status and the first WWW-Authenticate.</summary>
        public async Task<(int Status, string? Challenge)> DescribeAsync(string? authorization)
        {
            var request = $"DESCRIBE {uri} RTSP/1.0\r\nCSeq: {++_cseq}\r\nAccept: application/sdp\r\n"
                + (authorization is null ? string.Empty : $"Authorization: {authorization}\r\n") + "\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var statusLine = await _reader.ReadLineAsync(timeout.Token) ?? throw new System.IO.EndOfStreamException("the RTSP server closed the connection");
            string? challenge = null;
            var length = 0;
            for (var line = await _reader.ReadLineAsync(timeout.Token); !string.IsNullOrEmpty(line); line = await _reader.ReadLineAsync(timeout.Token))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
                if (name.Equals("WWW-Authenticate", StringComparison.OrdinalIgnoreCase))
                {
                    challenge ??= value;
                }
                else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var body = new char[length];
            for (var read = 0; read < length;)
            {
                read += await _reader.ReadAsync(body.AsMemory(read), timeout.Token);
            }

            return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), challenge);
        }
    }
}
