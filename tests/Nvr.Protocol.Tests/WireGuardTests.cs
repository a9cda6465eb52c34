using System.Net;
using System.Text;
using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>Bad requests get ONVIF SOAP faults, never an HTML error page or a stack trace (raw HTTP, no SOAP library).</summary>
public sealed class WireGuardTests : IClassFixture<ApplianceFixture>, IAsyncLifetime
{
    private static readonly XNamespace Env = "http://www.w3.org/2003/05/soap-envelope";
    private readonly ApplianceFixture _fixture;
    private readonly HttpClient _http = new();
    private readonly EnvelopeCapture _capture = new();

    public WireGuardTests(ApplianceFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await OnvifValidator.AssertValidAsync(_capture, "wire-guard");
    }

    private async Task<string> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/soap+xml");
        using var response = await _http.PostAsync(_fixture.RecordingUrl, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("application/soap+xml", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        _capture.Add(bytes);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // no stack trace
        var fault = XDocument.Parse(text.TrimStart('\uFEFF')).Descendants(Env + "Fault").Single();
        return string.Join("/", fault.Descendants(Env + "Value").Select(v => v.Value));
    }

    private static string Envelope(string body) =>
        $"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:trc=\"http://www.onvif.org/ver10/recording/wsdl\"><s:Header>{UsernameTokenHeader.FreshXml()}</s:Header><s:Body>{body}</s:Body></s:Envelope>";

    [Fact]
    public async Task Malformed_xml_is_a_WellFormed_fault() =>
        Assert.Equal("env:Sender/ter:WellFormed", await PostAsync(Envelope("<trc:GetRecordings>").Replace("</s:Body>", string.Empty, StringComparison.Ordinal)));

    [Fact]
    public async Task A_DTD_with_an_external_entity_is_refused_unread() =>
        Assert.Equal("env:Sender/ter:WellFormed", await PostAsync(
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
            Envelope("<trc:DeleteRecording><trc:RecordingToken>&xxe;</trc:RecordingToken></trc:DeleteRecording>")));

    [Fact]
    public async Task An_unknown_operation_is_an_UnknownAction_fault() =>
        Assert.Equal("env:Sender/ter:UnknownAction", await PostAsync(Envelope("<trc:FormatHardDisk/>")));

    [Fact]
    public async Task An_operation_of_another_namespace_is_an_UnknownAction_fault() =>
        Assert.Equal("env:Sender/ter:UnknownAction", await PostAsync(Envelope("<GetRecordings xmlns=\"urn:not-onvif\"/>")));

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused() =>
        Assert.Equal("env:Sender/ter:InvalidArgs", await PostAsync(Envelope($"<trc:GetRecordings><!--{new string('x', 2 << 20)}--></trc:GetRecordings>")));

    [Fact]
    public async Task A_refused_oversize_body_is_read_to_its_end_so_the_connection_serves_the_next_request()
    {
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler);
        foreach (var body in new[] { $"<trc:GetRecordings><!--{new string('x', 3 << 20)}--></trc:GetRecordings>", "<trc:FormatHardDisk/>" })
        {
            using var content = new StringContent(Envelope(body), Encoding.UTF8, "application/soap+xml");
            using var response = await http.PostAsync(_fixture.RecordingUrl, content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            _capture.Add(bytes);
        }

        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task A_SOAP_1_1_envelope_is_refused() =>
        Assert.Equal("env:Sender/ter:WellFormed", await PostAsync(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><GetRecordings xmlns=\"http://www.onvif.org/ver10/recording/wsdl\"/></s:Body></s:Envelope>"));

    [Fact]
    public async Task An_unparsable_argument_value_is_an_InvalidArgs_fault() =>
        Assert.Equal("env:Sender/ter:InvalidArgs", await PostAsync(Envelope(
            "<trc:CreateRecordingJob><trc:JobConfiguration><tt:RecordingToken xmlns:tt=\"http://www.onvif.org/ver10/schema\">R</tt:RecordingToken>" +
            "<tt:Mode xmlns:tt=\"http://www.onvif.org/ver10/schema\">Idle</tt:Mode><tt:Priority xmlns:tt=\"http://www.onvif.org/ver10/schema\">high</tt:Priority>" +
            "</trc:JobConfiguration></trc:CreateRecordingJob>")));
}
