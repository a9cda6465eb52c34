using System.Text;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Robustness;

/// <summary>Servers that stall, lie about sizes, refuse or redirect end the session with a clear reason.</summary>
public sealed class MisbehavingServerTests
{
    private const string Sdp = "v=0\r\ns=x\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:track1\r\n";

    private static RtspIngestOptions Options(Uri uri) => new(uri) { RequestTimeout = TimeSpan.FromSeconds(3) };

    [Fact]
    public async Task Response_stalled_mid_headers_is_a_timeout()
    {
        await using var server = new ScriptedRtspServer((request, cseq) =>
            request.StartsWith("OPTIONS") ? ScriptedRtspServer.Ok(cseq, "Public: OPTIONS, DESCRIBE\r\n")
                : Encoding.ASCII.GetBytes($"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nContent-Le"));
        var ingest = new RtspIngest(Options(server.Uri));
        var error = await Assert.ThrowsAsync<RtspException>(() => ingest.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(RtspFailure.Timeout, error.Failure);
        Assert.Contains("DESCRIBE", error.Message);
    }

    [Fact]
    public async Task Silent_server_is_a_timeout()
    {
        await using var server = new ScriptedRtspServer((_, _) => null);
        var error = await Assert.ThrowsAsync<RtspException>(() => new RtspIngest(Options(server.Uri)).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(RtspFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task Two_gigabyte_Content_Length_is_refused_without_allocating_it()
    {
        await using var server = new ScriptedRtspServer((request, cseq) =>
            request.StartsWith("OPTIONS") ? ScriptedRtspServer.Ok(cseq)
                : Encoding.ASCII.GetBytes($"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nContent-Type: application/sdp\r\nContent-Length: 2147483648\r\n\r\nv=0\r\n"));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<RtspException>(() => new RtspIngest(Options(server.Uri)).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(RtspFailure.ProtocolViolation, error.Failure);
        Assert.Contains("2147483648", error.Message);
        Assert.True(allocated < 64 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(404, RtspFailure.NotFound)]
    [InlineData(454, RtspFailure.SessionNotFound)]
    [InlineData(461, RtspFailure.UnsupportedTransport)]
    [InlineData(500, RtspFailure.Refused)]
    public async Task Refusals_keep_their_status(int status, RtspFailure failure)
    {
        await using var server = new ScriptedRtspServer((request, cseq) =>
            request.StartsWith("SETUP") ? Encoding.ASCII.GetBytes($"RTSP/1.0 {status} Nope\r\nCSeq: {cseq}\r\n\r\n")
                : request.StartsWith("DESCRIBE") ? ScriptedRtspServer.Ok(cseq, "Content-Type: application/sdp\r\n", Sdp)
                : ScriptedRtspServer.Ok(cseq));
        var error = await Assert.ThrowsAsync<RtspException>(() => new RtspIngest(Options(server.Uri)).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal((failure, status), (error.Failure, error.StatusCode));
    }

    [Fact]
    public async Task Redirect_is_followed_and_a_redirect_loop_is_bounded()
    {
        ScriptedRtspServer? self = null;
        await using var server = new ScriptedRtspServer((request, cseq) =>
            request.StartsWith("DESCRIBE")
                ? Encoding.ASCII.GetBytes($"RTSP/1.0 302 Moved\r\nCSeq: {cseq}\r\nLocation: {self!.Uri}\r\n\r\n")
                : ScriptedRtspServer.Ok(cseq));
        self = server;
        var error = await Assert.ThrowsAsync<RtspException>(() => new RtspIngest(Options(server.Uri) with { MaxRedirects = 2 }).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(RtspFailure.RedirectFailed, error.Failure);
        Assert.Equal(6, server.RequestsSeen);  // OPTIONS + DESCRIBE on each of 3 connections
    }

    [Fact]
    public async Task Nothing_listening_is_a_connection_failure()
    {
        var port = Peers.FreeTcpPort();
        var error = await Assert.ThrowsAsync<RtspException>(() => new RtspIngest(Options(new Uri($"rtsp://127.0.0.1:{port}/x"))).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(RtspFailure.ConnectionFailed, error.Failure);
    }
}
