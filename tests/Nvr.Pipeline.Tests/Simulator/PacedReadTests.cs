using System.Text;
using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Simulator;

/// <summary>
/// Issue 13: playing sessions read their sockets at one shared tick (<see cref="ReadPacer"/>) in large reads from a
/// pooled buffer; nothing is lost, frames and messages of any allowed size still fit, and a stop is prompt.
/// </summary>
public sealed class PacedReadTests
{
    [Fact]
    public async Task Ingests_sharing_one_read_tick_receive_every_unit_and_stop()
    {
        await using var simulator = FixtureSimulator.Start("gstreamer-h264-aac", speed: 1.0);
        using var pacer = new ReadPacer(TimeSpan.FromMilliseconds(40), TimeProvider.System);
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            var ingest = new RtspIngest(new RtspIngestOptions(simulator.Uri) { ReadPacer = pacer });
            using var cts = new CancellationTokenSource();
            var run = ingest.RunAsync(cts.Token);
            var keyframes = 0;
            var srTimed = 0;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await foreach (var unit in ingest.AccessUnits.ReadAllAsync(deadline.Token))
            {
                keyframes += unit.Kind == MediaKind.Video && unit.IsKeyframe ? 1 : 0;
                srTimed += unit.TimeSource == TimeSource.SenderReport ? 1 : 0;
                unit.Release();
                if (keyframes >= 3 && srTimed > 0)
                {
                    break;
                }
            }

            await cts.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30)); // TEARDOWN and close while the reader waits for a tick
            ingest.Output.DrainAndRelease();
            return ingest.GetStatistics();
        }));

        Assert.All(results, s =>
        {
            Assert.Equal(0, s.LostPackets);
            Assert.Equal(0, s.DroppedUnits);
            Assert.Equal(0, s.MalformedPackets);
            Assert.True(s.SenderReports > 0);
        });
        Assert.True(pacer.Ticks > 0);
    }

    [Fact]
    public async Task A_250_KB_response_body_and_a_64_KB_interleaved_frame_fit_the_receive_buffer()
    {
        // near the largest body the parser accepts, and the largest interleaved frame: both larger than the first buffer
        var padding = new StringBuilder();
        while (padding.Length < 250 * 1024)
        {
            padding.Append('p', 1000).Append("\r\n");
        }

        const string sdp = "v=0\r\ns=x\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:track1\r\n";
        var nal = new byte[65535 - 12];
        nal[0] = 0x65; // IDR slice
        new Random(7).NextBytes(nal.AsSpan(1));
        var frame = new byte[4 + 65535];
        frame[0] = (byte)'$';
        frame[2] = 0xFF;
        frame[3] = 0xFF;
        frame[4] = 0x80;
        frame[5] = 0x80 | 96; // marker: the unit ends here
        frame[7] = 1;         // sequence 1, timestamp 0, SSRC 0
        nal.CopyTo(frame, 16);
        using var pacer = new ReadPacer(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        await using var server = new ScriptedRtspServer((request, cseq) =>
            request.StartsWith("OPTIONS") ? ScriptedRtspServer.Ok(cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\nContent-Type: text/plain\r\n", padding.ToString())
            : request.StartsWith("DESCRIBE") ? ScriptedRtspServer.Ok(cseq, "Content-Type: application/sdp\r\n", sdp)
            : request.StartsWith("SETUP") ? ScriptedRtspServer.Ok(cseq, "Session: 1234;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n")
            : request.StartsWith("PLAY") ? [.. ScriptedRtspServer.Ok(cseq, "Session: 1234\r\n"), .. frame]
            : ScriptedRtspServer.Ok(cseq));
        var ingest = new RtspIngest(new RtspIngestOptions(server.Uri) { ReadPacer = pacer, RequestTimeout = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource();
        var run = ingest.RunAsync(cts.Token);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var unit = await ingest.AccessUnits.ReadAsync(deadline.Token);
        try
        {
            Assert.True(unit.IsKeyframe);
            Assert.Equal(1, unit.NalUnitCount);
            Assert.Equal(nal, unit.GetNalUnit(0).ToArray());
        }
        finally
        {
            unit.Release();
        }

        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_tick_completes_the_waiting_reads_and_a_disposed_pacer_never_holds_one_back()
    {
        var time = new FakeTimeProvider();
        var pacer = new ReadPacer(TimeSpan.FromMilliseconds(40), time);
        var first = pacer.NextTick;
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(40));
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        var second = pacer.NextTick;
        Assert.NotSame(first, second);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, pacer.Ticks);
        pacer.Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(pacer.NextTick.IsCompleted);
    }
}
