using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Nvr.Control.Events;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// Issue 17, hostile clients against the running appliance while a camera records: oversize (chunked) and deeply nested
/// SOAP, DTD/XXE/billion laughs on every service, a flood of failed logins, slow-loris HTTP (headers and body) and RTSP,
/// thousands of idle connections and connections beyond the limit. Each is refused or cut off by a configured limit
/// (HttpLimits, RtspServerOptions; docs/operations.md), the appliance keeps answering, and the camera recording meanwhile
/// loses nothing: the frames in its segments are exactly the frames the camera sent.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class HostileClientTests : IClassFixture<HostileClientTests.ShortLimits>
{
    private const string Device = "http://www.onvif.org/ver10/device/wsdl";
    private const string RecordingNs = "http://www.onvif.org/ver10/recording/wsdl";
    private const string SearchNs = "http://www.onvif.org/ver10/search/wsdl";
    private const string EventsNs = "http://www.onvif.org/ver10/events/wsdl";
    private static readonly TimeSpan Patience = HostileApplianceFixture.Patience;
    private readonly ShortLimits _fixture;

    public HostileClientTests(ShortLimits fixture) => _fixture = fixture;

    private IEnumerable<(string Url, string Operation)> Services =>
    [
        (_fixture.Host.DeviceServiceUrls[0], RawSoap.Operation(Device, "GetDeviceInformation", "{0}")),
        (_fixture.Host.ServiceUrls[0], RawSoap.Operation(RecordingNs, "GetRecordings", "{0}")),
        (_fixture.Host.SearchServiceUrls[0], RawSoap.Operation(SearchNs, "GetRecordingSummary", "{0}")),
        (_fixture.Host.EventServiceUrls[0], RawSoap.Operation(EventsNs, "GetEventProperties", "{0}")),
    ];

    [Fact]
    public async Task Hostile_clients_are_cut_off_by_the_limits_and_a_camera_recording_meanwhile_loses_no_frame()
    {
        var system = _fixture.Host.Control.System;
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        await using var camera = new HostileCamera();
        var scenario = await _fixture.RecordAsync("undisturbed", camera.Uri);
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);

        await HostileSoapBodiesAreFaultsAsync();
        await FailedLoginFloodIsRefusedAndCountedAsync();
        await SlowLorisHttpIsCutOffAsync();
        await SlowLorisRtspIsCutOffAsync();
        await IdleConnectionsAreBoundedAndReapedAsync();

        // The camera sends a known number of frames more, then stops; the recording holds exactly what it sent.
        var limitReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        camera.FrameLimitReached += () => limitReached.TrySetResult();
        camera.FrameLimit = (int)camera.FramesSent + 50;
        await limitReached.Task.WaitAsync(Patience);
        var sent = camera.FramesSent;
        await _fixture.ScrapeUntilAsync(m => HostileApplianceFixture.Metric(m, "nvr_recording_frames_total", ("recording", scenario.Recording)) >= sent, $"{sent} frames read");
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        var span = spans.Next(s => s.RecordingToken == scenario.Recording, Patience);
        Assert.True(span.Reason != "SourceDiscontinuity", $"the span was cut at {span.EndUtc:HH:mm:ss.fff} ({span.Reason}) after {span.Segments} segments");
        var recorded = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_fixture.RecordingsDirectory, "undisturbed"), "*.mp4", SearchOption.AllDirectories))
        {
            recorded += await DecodedFramesAsync(file);
        }

        Assert.Equal(sent, recorded);
        Assert.Equal(1, camera.Connections); // never reconnected: nothing disturbed the session
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient().GetAsync(new Uri(_fixture.BaseUri, "/readyz"))).StatusCode);
    }

    private async Task HostileSoapBodiesAreFaultsAsync()
    {
        using var soap = new RawSoap(_fixture.Capture);
        var nesting = string.Concat(Enumerable.Repeat("<x>", 100_000)) + string.Concat(Enumerable.Repeat("</x>", 100_000));
        const string Laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" +
                              "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>";
        const string ParameterEntity = "<!DOCTYPE x [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %remote;]>";
        foreach (var (url, operation) in Services)
        {
            var deep = await soap.PostAsync(url, RawSoap.Envelope(string.Format(CultureInfo.InvariantCulture, operation, nesting), UsernameTokenHeader.FreshXml()));
            Assert.True((HttpStatusCode.InternalServerError, "env:Sender/ter:InvalidArgs") == (deep.Status, deep.Fault), $"{url}: {deep.Status} {deep.Body[..Math.Min(300, deep.Body.Length)]}");
            var laughs = await soap.PostAsync(url, Laughs + RawSoap.Envelope(string.Format(CultureInfo.InvariantCulture, operation, "&lol9;"), UsernameTokenHeader.FreshXml()));
            Assert.Equal("env:Sender/ter:WellFormed", laughs.Fault);
            var external = await soap.PostAsync(url, ParameterEntity + RawSoap.Envelope(string.Format(CultureInfo.InvariantCulture, operation, string.Empty), UsernameTokenHeader.FreshXml()));
            Assert.Equal("env:Sender/ter:WellFormed", external.Fault);
            var chunked = await PostChunkedAsync(url, 3 << 20);
            Assert.True(chunked.Fault == "env:Sender/ter:InvalidArgs", $"{url}: chunked oversize body: {chunked.Status} '{chunked.Body[..Math.Min(300, chunked.Body.Length)]}'");
        }
    }

    /// <summary>A body of <paramref name="bytes"/> bytes without Content-Length (chunked): the guard cannot refuse it by its header.</summary>
    private async Task<RawReply> PostChunkedAsync(string url, int bytes)
    {
        using var http = new HttpClient();
        var head = Encoding.UTF8.GetBytes(RawSoap.Envelope(RawSoap.Operation(RecordingNs, "GetRecordings", "<!--"), UsernameTokenHeader.FreshXml()));
        var body = new MemoryStream();
        body.Write(head);
        body.Write(Encoding.ASCII.GetBytes(new string('x', bytes)));
        body.Position = 0;
        using var content = new StreamContent(new UnseekableStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/soap+xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        var reply = await response.Content.ReadAsByteArrayAsync();
        _fixture.Capture.Add(reply);
        return new RawReply(response.StatusCode, [], Encoding.UTF8.GetString(reply));
    }

    private async Task FailedLoginFloodIsRefusedAndCountedAsync()
    {
        const int Flood = 100;
        using var soap = new RawSoap(_fixture.Capture);
        var url = _fixture.Host.ServiceUrls[0];
        var before = HostileApplianceFixture.Metric(await _fixture.ScrapeAsync(), "nvr_auth_failures_total", ("mechanism", "wsse"));
        var wrong = Enumerable.Range(0, Flood).Select(_ =>
        {
            var created = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var header = UsernameTokenHeader.Xml(OnvifCredentials.Admin, created, RandomNumberGenerator.GetBytes(16), digestPassword: "not-the-password");
            return soap.PostAsync(url, RawSoap.Envelope(RawSoap.Operation(RecordingNs, "GetRecordings"), header));
        });
        var replies = await Task.WhenAll(wrong);
        Assert.All(replies, r => Assert.Equal((HttpStatusCode.BadRequest, "env:Sender/ter:NotAuthorized"), (r.Status, r.Fault)));
        var after = HostileApplianceFixture.Metric(await _fixture.ScrapeAsync(), "nvr_auth_failures_total", ("mechanism", "wsse"));
        Assert.Equal(Flood, after - before);
        await _fixture.Recording.CallAsync("GetRecordings"); // the administrator still gets in, at once
    }

    private async Task SlowLorisHttpIsCutOffAsync()
    {
        var port = _fixture.BaseUri.Port;
        var headers = new List<RawConnection>();
        var bodies = new List<RawConnection>();
        for (var i = 0; i < 10; i++)
        {
            var h = await RawConnection.OpenAsync(port);
            await h.TrySendAsync("POST /onvif/device_service HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            headers.Add(h);
            var b = await RawConnection.OpenAsync(port);
            await b.TrySendAsync("POST /onvif/device_service HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/soap+xml\r\nContent-Length: 100000\r\n\r\n<");
            bodies.Add(b);
        }

        // Trickle a byte per 250 ms on every connection until the server hangs up (bounded by the patience).
        using var stopTrickling = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            for (var n = 0; n < 360 && !stopTrickling.IsCancellationRequested; n++)
            {
                foreach (var c in headers.Concat(bodies))
                {
                    await c.TrySendAsync("a");
                }

                await Task.Delay(250); // the slow client's pace
            }
        });
        await _fixture.Recording.CallAsync("GetRecordings"); // served while they trickle
        var closed = await Task.WhenAll(headers.Concat(bodies).Select(c => c.ClosedByServerWithinAsync(Patience)));
        await stopTrickling.CancelAsync();
        await trickle;
        Assert.All(closed, age => Assert.True(age is not null, "a slow-loris connection is still open"));
        headers.Concat(bodies).ToList().ForEach(c => c.Dispose());
    }

    private async Task SlowLorisRtspIsCutOffAsync()
    {
        var rtsp = _fixture.Host.Rtsp!;
        var before = rtsp.Statistics.RequestsTimedOut;
        var port = rtsp.Port;
        var slow = new List<RawConnection>();
        for (var i = 0; i < rtsp.Options.MaxConnections; i++)
        {
            var c = await RawConnection.OpenAsync(port);
            await c.TrySendAsync(i % 2 == 0 ? "OPTIONS rtsp://127.0.0.1/replay RTSP/1.0\r\nCSeq: 1\r\nX-Slow: " : string.Empty);
            slow.Add(c);
        }

        foreach (var c in slow)
        {
            Assert.True(await c.ClosedByServerWithinAsync(Patience) is not null, "a slow RTSP connection is still open");
            c.Dispose();
        }

        Assert.True(rtsp.Statistics.RequestsTimedOut - before >= slow.Count, $"{rtsp.Statistics.RequestsTimedOut - before} connections timed out");
        using var fresh = await RawConnection.OpenAsync(port);
        await fresh.TrySendAsync("OPTIONS * RTSP/1.0\r\nCSeq: 7\r\n\r\n");
        Assert.StartsWith("RTSP/1.0 ", await fresh.ReadAnswerAsync(Patience, "\r\n\r\n"), StringComparison.Ordinal);

        using var oversize = await RawConnection.OpenAsync(port);
        await oversize.TrySendAsync("OPTIONS * RTSP/1.0\r\nCSeq: 8\r\nX-Padding: " + new string('a', 64 * 1024) + "\r\n\r\n");
        Assert.True(await oversize.ClosedByServerWithinAsync(Patience) is not null, "an oversize RTSP request kept its connection");
    }

    private async Task IdleConnectionsAreBoundedAndReapedAsync()
    {
        var port = _fixture.BaseUri.Port;
        var idle = new List<RawConnection>();
        for (var i = 0; i < 2000; i++)
        {
            idle.Add(await RawConnection.OpenAsync(port));
        }

        await _fixture.Recording.CallAsync("GetRecordings"); // served on a new connection while 2,000 idle ones are open
        var ages = await Task.WhenAll(idle.Select(c => c.ClosedByServerWithinAsync(Patience)));
        Assert.All(ages, a => Assert.True(a is not null && a >= ShortLimits.Http.KeepAliveTimeout - TimeSpan.FromSeconds(1), $"idle connection closed after {a}"));
        idle.ForEach(c => c.Dispose());

        // Beyond MaxConnections, connections are closed at accept (long before the keep-alive timeout).
        var over = new List<RawConnection>();
        for (var i = 0; i < ShortLimits.Http.MaxConnections + 100; i++)
        {
            over.Add(await RawConnection.OpenAsync(port));
        }

        var overAges = await Task.WhenAll(over.Select(c => c.ClosedByServerWithinAsync(Patience)));
        var refused = overAges.Count(a => a < ShortLimits.Http.KeepAliveTimeout - TimeSpan.FromSeconds(1));
        Assert.True(refused >= 100, $"{refused} connections beyond the limit of {ShortLimits.Http.MaxConnections} were refused at accept");
        over.ForEach(c => c.Dispose());
        await _fixture.Recording.CallAsync("GetRecordings"); // and served again once they are gone
    }

    private static async Task<int> DecodedFramesAsync(string file)
    {
        var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe",
            ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file], TimeSpan.FromMinutes(1));
        Assert.True(code == 0 && error.Length == 0, $"ffprobe {file}: {error}");
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The appliance with short client limits, so that the tests see them act within seconds.</summary>
    public sealed class ShortLimits : HostileApplianceFixture
    {
        public static readonly HttpLimits Http = HttpLimits.Default with
        {
            MaxConnections = 2500,
            RequestHeadersTimeout = TimeSpan.FromSeconds(2),
            KeepAliveTimeout = TimeSpan.FromSeconds(6),
            MinBodyRateGrace = TimeSpan.FromSeconds(2),
        };

        protected override string ValidationLabel => "hostile-clients";

        protected override ApplianceOptions Configure(ApplianceOptions options) =>
            base.Configure(options) with { Http = Http, RtspServer = new Nvr.Pipeline.RtspServer.RtspServerOptions { RequestTimeout = TimeSpan.FromSeconds(2) } };
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
