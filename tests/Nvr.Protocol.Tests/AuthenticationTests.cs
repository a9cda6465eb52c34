using System.Net;
using System.ServiceModel;
using Nvr.Protocol.Security;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Who may call what, over real HTTP: anonymous requests to every operation that is not PRE_AUTH get HTTP 401 with
/// Digest challenges and env:Sender/ter:NotAuthorized, PRE_AUTH operations answer anonymously, the Core default access
/// policy separates User, Operator and Administrator, and no response ever carries a password.
/// </summary>
public sealed class AuthenticationTests : IClassFixture<AuthenticationFixture>, IDisposable
{
    private readonly AuthenticationFixture _fixture;
    private readonly RawSoap _raw;

    public AuthenticationTests(AuthenticationFixture fixture)
    {
        _fixture = fixture;
        _raw = new RawSoap(fixture.Capture);
    }

    public void Dispose() => _raw.Dispose();

    /// <summary>The operations each registered service serves (the guard's list, or its table for the event service).</summary>
    private IEnumerable<(string Path, string Namespace, string Operation, AccessClass Access)> Operations() =>
        _fixture.Host.Services.SelectMany(s => (s.Endpoint?.Operations ?? (IEnumerable<string>)s.AccessClasses.Keys)
            .Select(o => (s.Path, s.Namespace, o, s.AccessClasses.TryGetValue(o, out var a) ? a : (AccessClass)(-1))));

    [Fact]
    public void Every_operation_of_every_registered_service_has_an_access_class()
    {
        var missing = Operations().Where(o => !Enum.IsDefined(o.Access)).Select(o => $"{o.Path} {o.Operation}").ToList();
        Assert.True(missing.Count == 0, "no access class: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Anonymous_calls_to_every_operation_that_is_not_PRE_AUTH_get_401_with_Digest_challenges_and_NotAuthorized()
    {
        var checkedCount = 0;
        foreach (var (path, ns, operation, access) in Operations().Where(o => o.Access != AccessClass.PreAuth))
        {
            var reply = await _raw.PostAsync(_fixture.BaseUrl + path, RawSoap.Envelope(RawSoap.Operation(ns, operation)));
            Assert.True(reply.Status == HttpStatusCode.Unauthorized, $"{path} {operation} ({access}): HTTP {(int)reply.Status}");
            Assert.Equal("env:Sender/ter:NotAuthorized", reply.Fault);
            Assert.Contains(reply.Challenges, c => c.StartsWith("Digest ", StringComparison.Ordinal) && c.Contains("algorithm=SHA-256", StringComparison.Ordinal));
            Assert.Contains(reply.Challenges, c => c.Contains("algorithm=MD5", StringComparison.Ordinal) && c.Contains("qop=\"auth\"", StringComparison.Ordinal));
            checkedCount++;
        }

        // and at a subscription's own address
        var pull = await _raw.PostAsync(_fixture.BaseUrl + "/onvif/event_service/subscriptions/1",
            RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Tev, "PullMessages", "<Timeout>PT1S</Timeout><MessageLimit>1</MessageLimit>")));
        Assert.Equal(HttpStatusCode.Unauthorized, pull.Status);
        Assert.Equal("env:Sender/ter:NotAuthorized", pull.Fault);
        Assert.True(checkedCount > 60, $"only {checkedCount} operations were tried");
    }

    [Fact]
    public async Task PRE_AUTH_operations_answer_anonymously()
    {
        await using var device = _fixture.Client("/onvif/device_service", OnvifSoapClient.Tds, OnvifSoapClient.Anonymous);
        Assert.NotEmpty((await device.CallAsync("GetSystemDateAndTime")).Descendants(Wire.Tt + "UTCDateTime"));
        Assert.NotEmpty((await device.CallAsync("GetServices", "<tds:IncludeCapability>true</tds:IncludeCapability>")).Elements());
        await device.CallAsync("GetServiceCapabilities");
        await device.CallAsync("GetWsdlUrl");
        await device.CallAsync("GetHostname");
        await device.CallAsync("GetEndpointReference");
        foreach (var service in _fixture.Host.Services.Where(s => s.AccessClasses.GetValueOrDefault("GetServiceCapabilities") == AccessClass.PreAuth))
        {
            await using var client = _fixture.Client(service.Path, service.Namespace, OnvifSoapClient.Anonymous);
            Assert.Equal("GetServiceCapabilitiesResponse", (await client.CallAsync("GetServiceCapabilities")).Name.LocalName);
        }
    }

    [Fact]
    public async Task A_User_reads_media_but_is_refused_ACTUATE_WRITE_SYSTEM_and_READ_SYSTEM_SECRET()
    {
        await using var recording = _fixture.Client("/onvif/recording_service", OnvifSoapClient.Trc, AuthenticationFixture.Viewer);
        await using var device = _fixture.Client("/onvif/device_service", OnvifSoapClient.Tds, AuthenticationFixture.Viewer);
        await using var schedule = _fixture.Client("/onvif/schedule_service", OnvifSoapClient.Tsc, AuthenticationFixture.Viewer);
        await recording.CallAsync("GetRecordings"); // READ_MEDIA
        await recording.CallAsync("GetRecordingJobs"); // READ_MEDIA
        await device.CallAsync("GetScopes"); // READ_SYSTEM
        Assert.Equal("Sender/NotAuthorized", await recording.FaultAsync("CreateRecording", RequestXml.RecordingConfiguration("viewer"))); // ACTUATE
        Assert.Equal("Sender/NotAuthorized", await recording.FaultAsync("SetRecordingJobMode", "<trc:JobToken>x</trc:JobToken><trc:Mode>Active</trc:Mode>")); // ACTUATE
        Assert.Equal("Sender/NotAuthorized", await device.FaultAsync("SetScopes", "<tds:Scopes>onvif://www.onvif.org/name/x</tds:Scopes>")); // WRITE_SYSTEM
        Assert.Equal("Sender/NotAuthorized", await device.FaultAsync("GetUsers")); // READ_SYSTEM_SECRET
        Assert.Equal("Sender/NotAuthorized", await schedule.FaultAsync("GetScheduleState", "<tsc:Token>x</tsc:Token>")); // READ_SYSTEM_SENSITIVE
    }

    [Fact]
    public async Task An_Operator_actuates_but_is_refused_WRITE_SYSTEM_and_the_user_list()
    {
        await using var recording = _fixture.Client("/onvif/recording_service", OnvifSoapClient.Trc, AuthenticationFixture.Operator);
        await using var device = _fixture.Client("/onvif/device_service", OnvifSoapClient.Tds, AuthenticationFixture.Operator);
        var token = (await recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration("operator"))).Text(Wire.Trc + "RecordingToken");
        await recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", token));
        Assert.Equal("Sender/NotAuthorized", await device.FaultAsync("SetDiscoveryMode", "<tds:DiscoveryMode>NonDiscoverable</tds:DiscoveryMode>"));
        Assert.Equal("Sender/NotAuthorized", await device.FaultAsync("CreateUsers",
            "<tds:User><tt:Username>sneaky</tt:Username><tt:Password>sneaky-1</tt:Password><tt:UserLevel>Administrator</tt:UserLevel></tds:User>"));
    }

    [Fact]
    public async Task No_response_of_any_Get_of_any_service_contains_a_password_or_the_key()
    {
        var secrets = new[] { OnvifCredentials.Admin.Password, AuthenticationFixture.Operator.Password, AuthenticationFixture.Viewer.Password,
            File.ReadAllText(Path.Combine(_fixture.DataDirectory, PasswordVault.KeyFileName)).Trim(), "v1:" };
        var gets = Operations().Where(o => o.Operation.StartsWith("Get", StringComparison.Ordinal)).ToList();
        foreach (var (path, ns, operation, _) in gets)
        {
            var reply = await _raw.PostAsync(_fixture.BaseUrl + path, RawSoap.Envelope(RawSoap.Operation(ns, operation), UsernameTokenHeader.FreshXml()));
            Assert.NotEqual(HttpStatusCode.Unauthorized, reply.Status);
            foreach (var secret in secrets)
            {
                Assert.False(reply.Body.Contains(secret, StringComparison.Ordinal), $"{path} {operation} returned a secret");
            }
        }

        await using var device = _fixture.Client("/onvif/device_service", OnvifSoapClient.Tds, OnvifCredentials.Admin);
        var users = await device.CallAsync("GetUsers");
        Assert.Equal(["admin", "operator-1", "viewer-1"], users.Texts(Wire.Tt + "Username"));
        Assert.Equal(["Administrator", "Operator", "User"], users.Texts(Wire.Tt + "UserLevel"));
        Assert.Empty(users.Descendants(Wire.Tt + "Password"));
        Assert.True(gets.Count > 40, $"only {gets.Count} Get operations were scanned");
    }

    [Fact]
    public async Task An_operation_missing_from_the_table_is_refused_even_to_the_administrator()
    {
        // Notify is in event.wsdl but is sent by the device, never served: it has no access class.
        var reply = await _raw.PostAsync(_fixture.BaseUrl + "/onvif/event_service",
            RawSoap.Envelope("<wsnt:Notify xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\"/>", UsernameTokenHeader.FreshXml()));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("env:Sender/ter:NotAuthorized", reply.Fault);
    }

    [Fact]
    public async Task MustUnderstand_Security_Action_and_To_headers_are_accepted_by_every_kind_of_endpoint()
    {
        foreach (var (path, ns, operation) in new[]
        {
            ("/onvif/recording_service", OnvifSoapClient.Trc, "GetRecordings"), ("/onvif/device_service", OnvifSoapClient.Tds, "GetScopes"),
            ("/onvif/event_service", OnvifSoapClient.Tev, "GetEventProperties"),
        })
        {
            var header = UsernameTokenHeader.FreshXml() +
                $"<wsa:Action s:mustUnderstand=\"1\">{ns}/{operation}</wsa:Action><wsa:To s:mustUnderstand=\"1\">{_fixture.BaseUrl + path}</wsa:To>";
            var reply = await _raw.PostAsync(_fixture.BaseUrl + path, RawSoap.Envelope(RawSoap.Operation(ns, operation), header));
            Assert.True(reply.Status == HttpStatusCode.OK, $"{path} {operation}: HTTP {(int)reply.Status} {reply.Fault}");
        }
    }
}
