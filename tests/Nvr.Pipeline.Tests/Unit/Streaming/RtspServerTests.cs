using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.RtspServer;
using Server = Nvr.Pipeline.RtspServer.RtspServer;

namespace Nvr.Pipeline.Tests.Unit.Streaming;

/// <summary>The RTSP server's request handling, limits and replay packets, on loopback with an in-memory recording.</summary>
[Trait("Category", "Unit")]
public sealed class RtspServerTests
{
    private const string Replay = "/replay/REC1";

    [Fact]
    public async Task Options_lists_the_methods_and_an_unknown_requirement_is_551_while_onvif_replay_is_accepted()
    {
        await using var server = Start(new SyntheticReplaySource());
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        var options = await client.RequestAsync("OPTIONS", client.Url(server.Port, Replay), null, "Require: onvif-replay");
        Assert.Equal(200, options.StatusCode);
        Assert.Contains("GET_PARAMETER", options.Header("Public"), StringComparison.Ordinal);
        var refused = await client.RequestAsync("DESCRIBE", client.Url(server.Port, Replay), null, "Require: onvif-replay, x-funky");
        Assert.Equal(551, refused.StatusCode);
        Assert.Equal("x-funky", refused.Header("Unsupported"));
        Assert.Equal(client.LastCSeq, refused.CSeq);
    }

    [Fact]
    public async Task Describe_lists_each_track_with_its_reference_and_the_recorded_range()
    {
        await using var server = Start(new SyntheticReplaySource());
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        Assert.Equal(404, (await client.RequestAsync("DESCRIBE", client.Url(server.Port, "/replay/NOPE"))).StatusCode);
        var describe = await client.RequestAsync("DESCRIBE", client.Url(server.Port, Replay));
        Assert.Equal("application/sdp", describe.Header("Content-Type"));
        Assert.Contains("m=video 0 RTP/AVP 96", describe.Body, StringComparison.Ordinal);
        Assert.Contains("a=x-onvif-track:VIDEO001", describe.Body, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:96 H264/90000", describe.Body, StringComparison.Ordinal);
        Assert.Contains("sprop-parameter-sets=Z0IAHg==,aM4=", describe.Body, StringComparison.Ordinal);
        Assert.Contains("a=range:clock=20260304T050607.123Z-20260304T050607.523Z", describe.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Play_with_a_clock_range_sends_from_the_key_frame_before_start_with_the_replay_extension_then_BYE()
    {
        var source = new SyntheticReplaySource();
        await using var server = Start(source);
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        Assert.Equal(461, (await client.RequestAsync("SETUP", client.Url(server.Port, Replay + "/track0"), null, "Transport: RTP/AVP;multicast;port=5000-5001")).StatusCode);
        Assert.Equal(461, (await client.RequestAsync("SETUP", client.Url(server.Port, Replay + "/track0"), null, "Transport: RTP/AVP;unicast")).StatusCode);
        var setup = await client.RequestAsync("SETUP", client.Url(server.Port, Replay + "/track0"), null, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1", "Require: onvif-replay");
        Assert.Equal(200, setup.StatusCode);
        var session = setup.Header("Session")!;
        Assert.EndsWith(";timeout=60", session, StringComparison.Ordinal);
        var id = session.Split(';')[0];

        // START between key frames 5 (200 ms) and 10: replay starts at frame 5; Rate-Control: no sends at once.
        var play = await client.RequestAsync("PLAY", client.Url(server.Port, Replay), null, $"Session: {id}", "Require: onvif-replay",
            "Range: clock=20260304T050607.400Z-", "Rate-Control: no");
        Assert.Equal(200, play.StatusCode);
        Assert.Equal("no", play.Header("Rate-Control"));

        // RFC 2326 §10.5: the reply names the range actually played, from the key frame; RTP-Info's rtptime is its RTP time.
        Assert.Equal("clock=20260304T050607.323Z-", play.Header("Range")); // frame 5, the key frame before START (.400)
        var rtpInfo = play.Header("RTP-Info")!;
        var rtpTime = uint.Parse(rtpInfo[(rtpInfo.IndexOf("rtptime=", StringComparison.Ordinal) + 8)..], System.Globalization.CultureInfo.InvariantCulture);
        uint? firstRtpTime = null;
        var playCSeq = client.LastCSeq;
        var frames = new List<(DateTime Utc, ReplayHeaderExtension.Flags Flags, byte CSeq)>();
        var bye = false;
        while (!bye)
        {
            var (_, frame) = await client.ReadAsync();
            var (channel, data) = frame!.Value;
            if (channel == 1)
            {
                bye = data.Length > 28 && data[29] == 203;
                continue;
            }

            Assert.Equal(0, channel);
            Assert.True(ReplayHeaderExtension.TryRead(data, out var utc, out var flags, out var cseq), "every access unit's first packet carries the extension");
            frames.Add((utc, flags, cseq));
            Assert.Equal((byte)(0x80 | 96), data[1]); // one packet per access unit here: marker set
            firstRtpTime ??= System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4));
        }

        Assert.Equal(rtpTime, firstRtpTime);

        Assert.Equal(Enumerable.Range(5, 5).Select(source.UtcOf), frames.Select(f => TruncateToMicroseconds(f.Utc)).Select(u => RoundToMillisecond(u)));
        Assert.Equal([true, false, false, false, false], frames.Select(f => f.Flags.HasFlag(ReplayHeaderExtension.Flags.CleanPoint)));
        Assert.Equal([false, false, false, false, true], frames.Select(f => f.Flags.HasFlag(ReplayHeaderExtension.Flags.EndOfSection)));
        Assert.Equal([false, false, false, false, true], frames.Select(f => f.Flags.HasFlag(ReplayHeaderExtension.Flags.Terminal)));
        Assert.All(frames, f => Assert.Equal((byte)playCSeq, f.CSeq));
        Assert.Equal(200, (await client.RequestAsync("TEARDOWN", client.Url(server.Port, Replay), null, $"Session: {id}")).StatusCode);
        Assert.Equal(0, server.ActiveSessions);
    }

    [Fact]
    public async Task Udp_unicast_sends_every_access_unit_with_the_extension_to_the_client_ports_then_an_SR_with_BYE()
    {
        var source = new SyntheticReplaySource();
        await using var server = Start(source);
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        using var rtp = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var rtcp = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var (rtpPort, rtcpPort) = (((System.Net.IPEndPoint)rtp.Client.LocalEndPoint!).Port, ((System.Net.IPEndPoint)rtcp.Client.LocalEndPoint!).Port);
        var setup = await client.RequestAsync("SETUP", client.Url(server.Port, Replay + "/track0"), null, $"Transport: RTP/AVP;unicast;client_port={rtpPort}-{rtcpPort}");
        Assert.Equal(200, setup.StatusCode);
        var transport = setup.Header("Transport")!;
        Assert.StartsWith($"RTP/AVP;unicast;client_port={rtpPort}-{rtcpPort};server_port=", transport, StringComparison.Ordinal);
        var serverPorts = transport.Split(';').Single(p => p.StartsWith("server_port=", StringComparison.Ordinal))[12..].Split('-').Select(int.Parse).ToArray();
        Assert.Equal(0, serverPorts[0] % 2);
        Assert.Equal(serverPorts[0] + 1, serverPorts[1]);
        var id = setup.Header("Session")!.Split(';')[0];

        Assert.Equal(200, (await client.RequestAsync("PLAY", client.Url(server.Port, Replay), null, $"Session: {id}", "Rate-Control: no")).StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var frames = new List<(DateTime Utc, ReplayHeaderExtension.Flags Flags)>();
        while (frames.Count < source.FrameCount)
        {
            var datagram = await rtp.ReceiveAsync(timeout.Token);
            Assert.Equal(serverPorts[0], datagram.RemoteEndPoint.Port);
            Assert.True(ReplayHeaderExtension.TryRead(datagram.Buffer, out var utc, out var flags, out _), "every access unit's first packet carries the extension");
            frames.Add((utc, flags));
        }

        Assert.Equal(Enumerable.Range(0, source.FrameCount).Select(source.UtcOf), frames.Select(f => RoundToMillisecond(TruncateToMicroseconds(f.Utc))));
        Assert.True(frames[^1].Flags.HasFlag(ReplayHeaderExtension.Flags.Terminal));
        byte[] report;
        do
        {
            report = (await rtcp.ReceiveAsync(timeout.Token)).Buffer;
        }
        while (!(report.Length > 29 && report[29] == 203));
        Assert.Equal(200, report[1]); // SR, then the BYE in the same compound

        Assert.Equal(200, (await client.RequestAsync("TEARDOWN", client.Url(server.Port, Replay), null, $"Session: {id}")).StatusCode);
        Assert.Equal(0, server.ActiveSessions);
    }

    [Fact]
    public async Task A_second_play_with_Immediate_repositions_and_marks_the_discontinuity()
    {
        await using var server = Start(new SyntheticReplaySource());
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        var id = await SetupAsync(client, server.Port);
        var frames = new List<(byte Channel, byte[] Data)>();
        await client.RequestAsync("PLAY", client.Url(server.Port, Replay), null, $"Session: {id}", "Range: clock=20260304T050607.123Z-20260304T050607.200Z", "Rate-Control: no");
        var second = await client.RequestAsync("PLAY", client.Url(server.Port, Replay), frames, $"Session: {id}", "Range: clock=20260304T050607.323Z-", "Rate-Control: no", "Immediate: yes");
        Assert.Equal(200, second.StatusCode);
        var (_, first) = await client.ReadAsync();
        while (first!.Value.Channel != 0)
        {
            (_, first) = await client.ReadAsync();
        }

        Assert.True(ReplayHeaderExtension.TryRead(first.Value.Data, out var utc, out var flags, out _));
        Assert.True(flags.HasFlag(ReplayHeaderExtension.Flags.Discontinuity));
        Assert.Equal(SyntheticReplaySource.Start.AddMilliseconds(200), RoundToMillisecond(utc));
    }

    [Fact]
    public async Task Sessions_beyond_the_limit_are_refused_with_453_and_counted()
    {
        await using var server = Start(new SyntheticReplaySource(), options => options with { MaxSessions = 1 });
        await using var first = await RtspTestClient.ConnectAsync(server.Port);
        await using var second = await RtspTestClient.ConnectAsync(server.Port);
        await SetupAsync(first, server.Port);
        var refused = await second.RequestAsync("SETUP", second.Url(server.Port, Replay + "/track0"), null, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        Assert.Equal(453, refused.StatusCode);
        Assert.Equal(1, server.Statistics.SessionsRefused);
    }

    [Fact]
    public async Task A_refusing_authenticator_answers_401_with_its_challenge()
    {
        var refuser = new RefuseAll();
        await using var server = Start(new SyntheticReplaySource(), authenticator: refuser);
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        var response = await client.RequestAsync("DESCRIBE", client.Url(server.Port, Replay));
        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Digest realm=\"nvr\", nonce=\"n1\"", response.Header("WWW-Authenticate"));
        Assert.Equal(1, server.Statistics.AuthenticationFailures);
        Assert.Equal(new RtspPeer(System.Net.IPAddress.Loopback, System.Net.IPAddress.Loopback), refuser.LastPeer); // the authenticator sees who asked
    }

    [Fact]
    public async Task A_real_time_client_that_does_not_read_is_dropped_and_counted()
    {
        // 400 frames of 64 KiB at one instant: far more than the socket buffers and the 64 KiB send queue hold.
        await using var server = Start(new SyntheticReplaySource(frameCount: 400, frameBytes: 64 * 1024, sameInstant: true), options => options with { SendBufferBytes = 64 * 1024 });
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        var id = await SetupAsync(client, server.Port);
        await client.SendAsync("PLAY", client.Url(server.Port, Replay), $"Session: {id}");

        // The client reads nothing until the server has given up on it (a deadline, not a sleep, bounds the wait).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.Statistics.SlowClientsDropped == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(await client.ClosedByServerAsync());
        Assert.Equal(1, server.Statistics.SlowClientsDropped);
    }

    [Fact]
    public async Task A_session_without_keep_alive_times_out()
    {
        var time = new FakeTimeProvider(SyntheticReplaySource.Start);
        await using var server = Start(new SyntheticReplaySource(), options => options with { Time = time, SessionTimeout = TimeSpan.FromSeconds(10) });
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        var id = await SetupAsync(client, server.Port);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(200, (await client.RequestAsync("GET_PARAMETER", client.Url(server.Port, Replay), null, $"Session: {id}")).StatusCode);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, server.Statistics.SessionsTimedOut);
        var closed = client.ClosedByServerAsync();
        while (!closed.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(closed, Task.Delay(20));
        }

        Assert.True(await closed);
        Assert.Equal(1, server.Statistics.SessionsTimedOut);
    }

    private static async Task<string> SetupAsync(RtspTestClient client, int port)
    {
        var setup = await client.RequestAsync("SETUP", client.Url(port, Replay + "/track0"), null, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        Assert.Equal(200, setup.StatusCode);
        return setup.Header("Session")!.Split(';')[0];
    }

    private static Server Start(SyntheticReplaySource source, Func<RtspServerOptions, RtspServerOptions>? configure = null, IRtspAuthenticator? authenticator = null)
    {
        var options = new RtspServerOptions { Address = System.Net.IPAddress.Loopback, Port = 0 };
        var server = new Server(configure?.Invoke(options) ?? options, source, authenticator);
        server.Start();
        return server;
    }

    private static DateTime TruncateToMicroseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static DateTime RoundToMillisecond(DateTime utc) => new((utc.Ticks + 5_000) / 10_000 * 10_000, DateTimeKind.Utc);

    private sealed class RefuseAll : IRtspAuthenticator
    {
        public RtspPeer LastPeer { get; private set; }

        public ValueTask<RtspAuthenticationResult> AuthenticateAsync(string method, string uri, string? authorization, RtspPeer peer, CancellationToken cancellationToken)
        {
            LastPeer = peer;
            return ValueTask.FromResult(RtspAuthenticationResult.Challenge("Digest realm=\"nvr\", nonce=\"n1\""));
        }
    }
}
