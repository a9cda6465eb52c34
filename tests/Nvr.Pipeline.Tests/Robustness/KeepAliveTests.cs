using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Robustness;

/// <summary>The session is kept alive within the server's timeout, and silence on the media path ends it.</summary>
public sealed class KeepAliveTests
{
    private const string Sdp = "v=0\r\ns=x\r\nm=audio 0 RTP/AVP 0\r\na=control:track1\r\n";

    private static byte[] Answer(string request, int cseq) =>
        request.StartsWith("OPTIONS") ? ScriptedRtspServer.Ok(cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n")
        : request.StartsWith("DESCRIBE") ? ScriptedRtspServer.Ok(cseq, "Content-Type: application/sdp\r\n", Sdp)
        : request.StartsWith("SETUP") ? ScriptedRtspServer.Ok(cseq, "Session: 77;timeout=20\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n")
        : ScriptedRtspServer.Ok(cseq, "Session: 77\r\n");

    [Fact]
    public async Task GET_PARAMETER_is_sent_at_half_the_session_timeout()
    {
        var keepAlive = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedRtspServer((request, cseq) =>
        {
            if (request.StartsWith("GET_PARAMETER"))
            {
                keepAlive.TrySetResult(request);
            }

            return Answer(request, cseq);
        });
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var ingest = new RtspIngest(new RtspIngestOptions(server.Uri) { Time = time, MediaTimeout = TimeSpan.FromHours(1) });
        using var cts = new CancellationTokenSource();
        var run = ingest.RunAsync(cts.Token);
        await ingest.Connected.WaitAsync(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(keepAlive.Task.IsCompleted, "keep-alive before half the session timeout");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("Session: 77", await keepAlive.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task No_media_within_the_media_timeout_ends_the_session_with_a_timeout()
    {
        await using var server = new ScriptedRtspServer(Answer);
        var ingest = new RtspIngest(new RtspIngestOptions(server.Uri) { MediaTimeout = TimeSpan.FromSeconds(2) });
        var error = await Assert.ThrowsAsync<Nvr.Pipeline.Rtsp.RtspException>(() => ingest.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(Nvr.Pipeline.Rtsp.RtspFailure.Timeout, error.Failure);
        Assert.Contains("no RTP", error.Message);
    }
}
