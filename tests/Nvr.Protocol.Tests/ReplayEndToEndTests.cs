using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// ONVIF replay (Replay spec, Streaming spec "Playback") judged from outside: a recording of two spans is made from
/// the GStreamer camera over SOAP, GetReplayUri names it, GStreamer's rtspsrc in ONVIF mode plays it (whole, a range
/// across a segment boundary, key frames only) and ffmpeg/ffprobe compare the decoded frames with the recorded
/// segments; the replay header extension carries each frame's recorded UTC, C on key frames and E before the gap.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class ReplayEndToEndTests : IClassFixture<ReplayEndToEndTests.RecordedFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan UtcTolerance = TimeSpan.FromMilliseconds(0.1);
    private readonly RecordedFixture _fixture;

    public ReplayEndToEndTests(RecordedFixture fixture) => _fixture = fixture;

    /// <summary>The appliance with one two-span recording, made by the first test that needs it.</summary>
    public sealed class RecordedFixture : EngineApplianceFixture
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public (string Recording, List<List<SegmentRecordedEvent>> Spans)? Recorded { get; set; }
    }

    [Fact]
    public async Task A_recording_of_two_spans_replays_through_rtspsrc_with_its_recorded_frames_and_times()
    {
        var (uri, spans, recorded, work) = await PrepareAsync();

        // The whole recording: every recorded frame decodes identically, in order, each with its recorded UTC;
        // C exactly on key frames; E on the last frame of each span (before the gap and at the end); T on each track's last.
        var whole = Path.Combine(work, "whole.h264");
        var (code, packets, error) = await ReplayJudge.PlayAsync(uri, whole);
        Assert.True(code == 0, $"replay-client exited {code}: {error}");
        var video = packets.Where(p => p.Media == "video").ToList();
        Assert.Equal(recorded.Select(f => f.Md5), await ReplayJudge.DecodedMd5Async(whole, rawH264: true));
        AssertSameFrames(recorded, video);
        var lastOfSpans = spans.Select(s => recorded.Last(f => f.Utc < s[^1].EndUtc)).Select(f => f.Utc).ToList();
        var ends = video.Where(p => p.E).Select(p => p.Utc).ToList();
        var explained = $"E on frames at [{string.Join(", ", ends.Select(u => u.ToString("O")))}], last frames of the spans at " +
            $"[{string.Join(", ", lastOfSpans.Select(u => u.ToString("O")))}]; segments: " +
            string.Join(" | ", spans.Select(s => string.Join(", ", s.Select(g => $"{g.Key} {g.StartUtc:HH:mm:ss.fff}-{g.EndUtc:HH:mm:ss.fff}"))));
        Assert.True(lastOfSpans.Count == ends.Count, explained);
        Assert.True(ends.Zip(lastOfSpans).All(pair => (pair.Item1 - pair.Item2).Duration() <= UtcTolerance), explained);
        Assert.Contains(packets, p => p.Media == "audio");

        // T on the terminal frame of each track, and nowhere else: the last video frame and the last audio frame.
        var terminals = packets.Where(p => p.T).ToList();
        Assert.Equal(["audio", "video"], terminals.Select(p => p.Media).Order());
        Assert.Same(video[^1], terminals.Single(p => p.Media == "video"));
        Assert.Same(packets.Last(p => p.Media == "audio"), terminals.Single(p => p.Media == "audio"));

        // ffprobe as a plain RTSP client sees both recorded tracks.
        var probe = await TestTools.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv=p=0", uri], Patience);
        Assert.Equal(["aac", "h264"], probe.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());

        // Over UDP unicast too: ffprobe reads the first 20 video packets from the server's UDP port, the first a key frame.
        var udp = await TestTools.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "udp", "-select_streams", "v:0", "-read_intervals", "%+#20",
            "-show_entries", "packet=flags", "-of", "csv=p=0", uri], Patience);
        var udpPackets = udp.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(20, udpPackets.Length);
        Assert.StartsWith("K", udpPackets[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clock_range_and_Frames_intra_replay_exactly_the_recorded_frames_they_select()
    {
        var (uri, spans, recorded, work) = await PrepareAsync();
        int code;
        List<ReplayJudge.ExtensionPacket> packets;
        string error;

        // A range across the first segment boundary: from the key frame at or before START to the last frame before END.
        var first = spans[0];
        var start = first[1].StartUtc.AddSeconds(-0.5);
        var end = first[1].StartUtc.AddSeconds(1.5);
        var expected = recorded.Skip(recorded.FindLastIndex(f => f.Key && f.Utc <= start)).TakeWhile(f => f.Utc < end).ToList();
        var ranged = Path.Combine(work, "range.h264");
        (code, packets, error) = await ReplayJudge.PlayAsync(uri, ranged, start, end);
        Assert.True(code == 0, $"replay-client (range) exited {code}: {error}");
        var rangedMd5 = await ReplayJudge.DecodedMd5Async(ranged, rawH264: true);
        AssertSameFrames(expected, packets.Where(p => p.Media == "video").ToList());
        Assert.Equal(expected.Select(f => f.Md5), rangedMd5);

        // Frames: intra over the first span: only its key frames, each a clean point.
        var intra = Path.Combine(work, "intra.h264");
        var spanEnd = first[^1].EndUtc;
        (code, packets, error) = await ReplayJudge.PlayAsync(uri, intra, first[0].StartUtc, spanEnd, intra: true);
        Assert.True(code == 0, $"replay-client (intra) exited {code}: {error}");
        var keys = recorded.Where(f => f.Key && f.Utc < spanEnd).ToList();
        Assert.Equal(keys.Select(f => f.Md5), await ReplayJudge.DecodedMd5Async(intra, rawH264: true));
        AssertSameFrames(keys, packets.Where(p => p.Media == "video").ToList());
    }

    [Fact]
    public async Task GetReplayUri_faults_as_the_Replay_spec_names_and_the_configuration_round_trips()
    {
        var replay = _fixture.Replay;
        var capabilities = (await replay.CallAsync("GetServiceCapabilities")).Element(Wire.Trp + "Capabilities")!;
        Assert.Equal("false", capabilities.Attribute("ReversePlayback")!.Value);
        Assert.Equal("true", capabilities.Attribute("RTP_RTSP_TCP")!.Value);
        Assert.Equal("5 3600", capabilities.Attribute("SessionTimeoutRange")!.Value);

        Assert.Equal("Sender/InvalidArgVal/NoRecording",
            await replay.FaultAsync("GetReplayUri", StreamSetup("RTP-Unicast", "RTSP") + "<RecordingToken>nothing-here</RecordingToken>"));
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration("replay-faults"))).Text(Wire.Trc + "RecordingToken");
        Assert.Equal("Sender/InvalidArgVal/InvalidStreamSetup",
            await replay.FaultAsync("GetReplayUri", StreamSetup("RTP-Multicast", "UDP") + $"<RecordingToken>{recording}</RecordingToken>"));

        await replay.CallAsync("SetReplayConfiguration", "<Configuration><tt:SessionTimeout>PT45S</tt:SessionTimeout></Configuration>");
        var configuration = await replay.CallAsync("GetReplayConfiguration");
        Assert.Equal("PT45S", configuration.Element(Wire.Trp + "Configuration")!.Element(Wire.Tt + "SessionTimeout")!.Value);
        Assert.Equal("Sender/InvalidArgVal/ConfigModify",
            await replay.FaultAsync("SetReplayConfiguration", "<Configuration><tt:SessionTimeout>PT1S</tt:SessionTimeout></Configuration>"));
    }

    private async Task<(string Uri, List<List<SegmentRecordedEvent>> Spans, List<ReplayJudge.RecordedFrame> Recorded, string Work)> PrepareAsync()
    {
        await _fixture.Gate.WaitAsync();
        try
        {
            _fixture.Recorded ??= await RecordTwoSpansAsync();
        }
        finally
        {
            _fixture.Gate.Release();
        }

        var (recording, spans) = _fixture.Recorded.Value;
        var uri = (await _fixture.Replay.CallAsync("GetReplayUri", StreamSetup("RTP-Unicast", "RTSP") + $"<RecordingToken>{recording}</RecordingToken>")).Text(Wire.Trp + "Uri");
        Assert.StartsWith("rtsp://127.0.0.1:", uri, StringComparison.Ordinal);
        uri = WithUser(uri, OnvifCredentials.Admin.Username, OnvifCredentials.Admin.Password); // replay needs a READ_MEDIA user (Digest)
        var recorded = await ReplayJudge.RecordedVideoFramesAsync(spans.SelectMany(s => s), _fixture.RecordingsDirectory);
        var work = Path.Combine(_fixture.DataDirectory, "replay-out-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        return (uri, spans, recorded, work);
    }

    [Fact]
    public async Task Replay_needs_a_user_anonymous_requests_and_wrong_passwords_get_a_Digest_challenge()
    {
        var (uri, _, _, _) = await PrepareAsync();
        var plain = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;

        // Anonymous DESCRIBE over a raw connection: 401 with an MD5 Digest challenge, nothing described.
        var target = new Uri(plain);
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(target.Host, target.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"DESCRIBE {plain} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n"));
            var buffer = new byte[4096];
            var answer = new System.Text.StringBuilder();
            using var deadline = new CancellationTokenSource(Patience);
            while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, deadline.Token);
                if (n == 0) break;
                answer.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
            }

            var head = answer.ToString();
            Assert.StartsWith("RTSP/1.0 401", head, StringComparison.Ordinal);
            Assert.Contains("WWW-Authenticate: Digest realm=", head, StringComparison.Ordinal);
            Assert.Contains("algorithm=MD5", head, StringComparison.Ordinal);
            Assert.DoesNotContain("m=video", head, StringComparison.Ordinal);
        }

        // Real clients: ffprobe without a user and with a wrong password is refused; with the user it sees the tracks.
        var anonymous = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv=p=0", plain], Patience);
        Assert.NotEqual(0, anonymous.ExitCode);
        var wrong = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv=p=0", WithUser(plain, OnvifCredentials.Admin.Username, "not-the-password")], Patience);
        Assert.NotEqual(0, wrong.ExitCode);
        var signed = await TestTools.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv=p=0", uri], Patience);
        Assert.Equal(["aac", "h264"], signed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
    }

    private static string WithUser(string uri, string user, string password) =>
        new UriBuilder(uri) { UserName = Uri.EscapeDataString(user), Password = Uri.EscapeDataString(password) }.Uri.AbsoluteUri;

    private static string StreamSetup(string stream, string protocol) =>
        $"<StreamSetup><tt:Stream>{stream}</tt:Stream><tt:Transport><tt:Protocol>{protocol}</tt:Protocol></tt:Transport></StreamSetup>";

    private static void AssertSameFrames(IReadOnlyList<ReplayJudge.RecordedFrame> expected, IReadOnlyList<ReplayJudge.ExtensionPacket> received)
    {
        Assert.Equal(expected.Count, received.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True((received[i].Utc - expected[i].Utc).Duration() <= UtcTolerance, $"frame {i}: NTP {received[i].Utc:O}, recorded {expected[i].Utc:O}");
            Assert.True(received[i].C == expected[i].Key, $"frame {i} at {expected[i].Utc:O}: C={received[i].C}, key={expected[i].Key}");
        }
    }

    /// <summary>Records ~9 s, goes Idle, then ~6 s more: two spans with a gap between them; their segments in order.</summary>
    private async Task<(string Recording, List<List<SegmentRecordedEvent>> Spans)> RecordTwoSpansAsync()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spanEnds = new EventCollector<SpanEndedEvent>(system);
        var recording = (await _fixture.Recording.CallAsync("CreateRecording",
            RecordingConfiguration("replay", target: Target("MP4", "PT3S", storage: "local")))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264")))).Text(Wire.Tt + "Token");
        var source = ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"));
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob", Job(recording, "Active", 1, source))).Text(Wire.Trc + "JobToken");
        var spans = new List<List<SegmentRecordedEvent>>();
        foreach (var wanted in new[] { 3, 2 })
        {
            if (spans.Count > 0)
            {
                await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Active"));
            }

            var span = new List<SegmentRecordedEvent>();
            for (var i = 0; i < wanted; i++)
            {
                span.Add(segments.Next(s => s.RecordingToken == recording, Patience));
            }

            await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
            var ended = spanEnds.Next(s => s.RecordingToken == recording, Patience);
            while (span.Count < ended.Segments)
            {
                span.Add(segments.Next(s => s.RecordingToken == recording, Patience));
            }

            spans.Add(span);
        }

        return (recording, spans);
    }
}
