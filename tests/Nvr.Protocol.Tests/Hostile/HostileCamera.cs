using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nvr.Pipeline.Rtp;
using Nvr.Pipeline.Simulator;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>How the <see cref="HostileCamera"/> treats the next connection.</summary>
public enum CameraBehaviour
{
    /// <summary>A well-behaved H.264 camera (the captured GStreamer stream, looped, real-time, RTCP every second).</summary>
    Good,

    /// <summary>Answers the first request with 32 KiB of random bytes.</summary>
    Garbage,

    /// <summary>Answers OPTIONS with a 64 KiB header line.</summary>
    OversizeHeader,

    /// <summary>Plays, but every 30th interleaved frame claims 2,000 bytes more than it carries.</summary>
    LyingInterleavedLength,

    /// <summary>Answers OPTIONS and DESCRIBE, then never answers SETUP (the connection stays open).</summary>
    StallAfterDescribe,

    /// <summary>Plays with RTP timestamps jumping by up to ±2³¹ every 25 frames and sequence numbers jumping by 1,000 every 40 packets.</summary>
    WildTimestamps,

    /// <summary>An SDP without sprop-parameter-sets and a stream with every SPS/PPS removed.</summary>
    NoCodecData,

    /// <summary>Plays 640x360 H.264 for 75 frames, then switches (same session, same payload type) to the 1280x720 capture.</summary>
    CodecChange,
}

/// <summary>
/// A small RTSP camera written for the hostile-peer tests (TCP interleaved, 127.0.0.1, port 0): it replays the
/// captured GStreamer H.264 stream (tests/Nvr.Pipeline.Tests/Fixtures, 640x360, ≈ 7 s) and misbehaves as <see cref="Behaviour"/>
/// says, per connection. It counts the video frames (RTP marker bits) it sent, so a test can compare what was
/// recorded with what was sent; <see cref="FrameLimit"/> makes it stop sending media after that many frames.
/// </summary>
public sealed class HostileCamera : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _sessions = new();
    private readonly List<byte[]> _small;
    private readonly List<byte[]> _large;
    private readonly string _sdp;
    private readonly Task _acceptLoop;
    private long _framesSent;
    private int _connections;

    public HostileCamera()
    {
        _small = VideoPackets("gstreamer-h264-video-only");
        _large = VideoPackets("gstreamer-h264-aac");
        _sdp = File.ReadAllText(FixturePath("gstreamer-h264-video-only.sdp"));
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    private volatile CameraBehaviour _behaviour;

    /// <summary>What the next connection gets (a running session keeps the behaviour it started with).</summary>
    public CameraBehaviour Behaviour
    {
        get => _behaviour;
        set => _behaviour = value;
    }

    /// <summary>Video frames sent per session at most (null: unlimited); after it only RTCP sender reports flow.</summary>
    public int? FrameLimit { get; set; }

    public Uri Uri => new($"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/cam");

    /// <summary>Video frames (access units) sent in every session so far.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Raised when a session sent its <see cref="FrameLimit"/>-th frame.</summary>
    public event Action? FrameLimitReached;

    public static string FixturePath(string file) => Path.Combine(TestTools.RepositoryRoot, "tests", "Nvr.Pipeline.Tests", "Fixtures", file);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    /// <summary>The capture's video packets up to its last complete frame (the capture stops mid-frame; looping that would be a loss).</summary>
    private static List<byte[]> VideoPackets(string capture)
    {
        var packets = RtpDumpReader.Read(File.ReadAllBytes(FixturePath(capture + ".rtpdump"))).Where(p => !p.IsRtcp && p.PayloadType == 96).Select(p => p.Data).ToList();
        return packets[..(packets.FindLastIndex(p => (p[1] & 0x80) != 0) + 1)];
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client, Behaviour);
        }
    }

    /// <summary>Closes every open connection (the appliance reconnects and gets the current <see cref="Behaviour"/>).</summary>
    public async Task DropConnectionsAsync()
    {
        var old = Interlocked.Exchange(ref _sessions, new CancellationTokenSource());
        await old.CancelAsync();
    }

    private async Task ServeAsync(TcpClient client, CameraBehaviour behaviour)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, Volatile.Read(ref _sessions).Token);
        Task? streaming = null;
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var gate = new SemaphoreSlim(1, 1);
                var reader = new StreamReader(stream, Encoding.ASCII);
                while (!session.IsCancellationRequested)
                {
                    var request = new List<string>();
                    string? line;
                    while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(session.Token)))
                    {
                        request.Add(line);
                    }

                    if (line is null || request.Count == 0)
                    {
                        break;
                    }

                    var method = request[0].Split(' ')[0];
                    var cseq = request.FirstOrDefault(l => l.StartsWith("CSeq", StringComparison.OrdinalIgnoreCase))?.Split(':')[1].Trim() ?? "0";
                    var answer = Answer(behaviour, method, cseq, request);
                    if (answer is not null)
                    {
                        await WriteAsync(stream, gate, answer, session.Token);
                    }

                    if (method == "PLAY")
                    {
                        streaming ??= StreamAsync(stream, gate, behaviour, session.Token);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await session.CancelAsync();
            if (streaming is not null)
            {
                await streaming.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private byte[]? Answer(CameraBehaviour behaviour, string method, string cseq, List<string> request)
    {
        switch (behaviour)
        {
            case CameraBehaviour.Garbage:
                var noise = new byte[32 * 1024];
                new Random(17).NextBytes(noise);
                return noise;
            case CameraBehaviour.OversizeHeader when method == "OPTIONS":
                return Ok(cseq, $"X-Padding: {new string('a', 64 * 1024)}\r\n");
            case CameraBehaviour.StallAfterDescribe when method is "SETUP" or "PLAY":
                return null;
        }

        var sdp = behaviour == CameraBehaviour.NoCodecData ? StripParameterSets(_sdp) : _sdp;
        return method switch
        {
            "OPTIONS" => Ok(cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n"),
            "DESCRIBE" => Ok(cseq, $"Content-Base: {Uri}/\r\nContent-Type: application/sdp\r\n", sdp),
            "SETUP" => Ok(cseq, $"Session: 5150;timeout=60\r\nTransport: {request.First(l => l.StartsWith("Transport", StringComparison.OrdinalIgnoreCase))[10..].Trim()}\r\n"),
            "PLAY" or "GET_PARAMETER" => Ok(cseq, "Session: 5150\r\n"),
            "TEARDOWN" => Ok(cseq, string.Empty),
            _ => Encoding.ASCII.GetBytes($"RTSP/1.0 405 Method Not Allowed\r\nCSeq: {cseq}\r\n\r\n"),
        };
    }

    private static string StripParameterSets(string sdp) =>
        string.Join("\r\n", sdp.Split("\r\n").Select(l => l.StartsWith("a=fmtp:96", StringComparison.Ordinal) ? "a=fmtp:96 packetization-mode=1" : l));

    private static byte[] Ok(string cseq, string headers, string body = "") =>
        Encoding.ASCII.GetBytes($"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{headers}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");

    private static async Task WriteAsync(NetworkStream stream, SemaphoreSlim gate, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The packets to send, endlessly: the small capture looped (or, for CodecChange, 75 frames of it, then the large one looped).</summary>
    private IEnumerable<byte[]> Program(CameraBehaviour behaviour)
    {
        if (behaviour == CameraBehaviour.CodecChange)
        {
            var frames = 0;
            foreach (var packet in _small)
            {
                yield return packet;
                frames += (packet[1] & 0x80) != 0 ? 1 : 0;
                if (frames == 75)
                {
                    break;
                }
            }

            while (true)
            {
                foreach (var packet in _large)
                {
                    yield return packet;
                }
            }
        }

        while (true)
        {
            foreach (var packet in _small)
            {
                yield return packet;
            }
        }
    }

    private async Task StreamAsync(NetworkStream stream, SemaphoreSlim gate, CameraBehaviour behaviour, CancellationToken cancellationToken)
    {
        const uint Ssrc = 0x51A7E5;
        var random = new Random(42);
        var start = DateTime.UtcNow;
        var nextReport = TimeSpan.Zero;
        ushort sequence = 0;
        uint timestamp = 1000;
        uint? previousSourceTs = null;
        long wildOffset = 0;
        var frames = 0;
        var packets = 0;
        var mediaTime = TimeSpan.Zero;
        try
        {
            foreach (var original in Program(behaviour))
            {
                var packet = behaviour == CameraBehaviour.NoCodecData ? WithoutParameterSets(original) : original.ToArray();
                var sourceTs = BinaryPrimitives.ReadUInt32BigEndian(original.AsSpan(4));
                if (previousSourceTs is { } previous && sourceTs != previous)
                {
                    var delta = unchecked((int)(sourceTs - previous));
                    delta = delta is > 0 and < 90_000 ? delta : 3600; // a capture loop or switch: one frame on
                    timestamp += (uint)delta;
                    mediaTime += TimeSpan.FromSeconds(delta / 90_000.0);
                }

                previousSourceTs = sourceTs;
                while (DateTime.UtcNow - start < mediaTime)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken); // pacing, not synchronisation
                }

                if (DateTime.UtcNow - start >= nextReport)
                {
                    // A camera's report maps its media clock (which runs with the wall clock) to now, however late the sender is.
                    var clock = 1000 + (uint)((DateTime.UtcNow - start).TotalSeconds * 90_000);
                    await WriteAsync(stream, gate, Report(Ssrc, unchecked(clock + (uint)wildOffset)), cancellationToken);
                    nextReport += TimeSpan.FromSeconds(1);
                }

                if (packet is null || (FrameLimit is { } limit && frames >= limit))
                {
                    continue;
                }

                packets++;
                if (behaviour == CameraBehaviour.WildTimestamps)
                {
                    wildOffset = frames > 0 && frames % 25 == 0 && (packet[1] & 0x80) == 0 && packets % 7 == 0 ? random.NextInt64(-(1L << 31), 1L << 31) : wildOffset;
                    sequence += (ushort)(packets % 40 == 0 ? 1000 : 0);
                }

                packet[1] = (byte)((packet[1] & 0x80) | 96);
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), unchecked(timestamp + (uint)wildOffset));
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
                var claimed = behaviour == CameraBehaviour.LyingInterleavedLength && packets % 30 == 0 ? packet.Length + 2000 : packet.Length;
                var frame = new byte[4 + packet.Length];
                frame[0] = (byte)'$';
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)Math.Min(claimed, ushort.MaxValue));
                packet.CopyTo(frame.AsSpan(4));
                await WriteAsync(stream, gate, frame, cancellationToken);
                if ((packet[1] & 0x80) != 0)
                {
                    frames++;
                    Interlocked.Increment(ref _framesSent);
                    if (frames == FrameLimit)
                    {
                        FrameLimitReached?.Invoke();
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static byte[] Report(uint ssrc, uint rtp)
    {
        var bytes = new byte[32];
        bytes[0] = (byte)'$';
        bytes[1] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 28);
        new RtcpSenderReport(ssrc, RtcpSenderReport.ToNtp(DateTime.UtcNow), rtp).WriteTo(bytes.AsSpan(4));
        return bytes;
    }

    /// <summary>The packet without SPS (7) and PPS (8) NAL units, or null when nothing else is left in it.</summary>
    private static byte[]? WithoutParameterSets(byte[] packet)
    {
        var header = 12 + (4 * (packet[0] & 0x0F));
        var type = packet[header] & 0x1F;
        if (type is 7 or 8)
        {
            return null;
        }

        if (type != 24)
        {
            return packet.ToArray();
        }

        var kept = new List<byte>(packet.AsSpan(0, header + 1).ToArray());
        for (var i = header + 1; i + 2 <= packet.Length;)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i));
            var nal = packet.AsSpan(i + 2, Math.Min(size, packet.Length - i - 2));
            if (nal.Length > 0 && (nal[0] & 0x1F) is not (7 or 8))
            {
                kept.AddRange(packet.AsSpan(i, 2 + nal.Length).ToArray());
            }

            i += 2 + size;
        }

        return kept.Count > header + 1 ? [.. kept] : null;
    }
}
