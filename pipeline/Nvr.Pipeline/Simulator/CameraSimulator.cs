using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nvr.Pipeline.Rtp;
using Nvr.Pipeline.Sdp;

namespace Nvr.Pipeline.Simulator;

/// <summary>
/// A cheap RTSP camera (load tests, the appliance's demo): serves a capture's pre-packetized RTP from memory over TCP
/// interleaved to any number of sessions, looping it with continuous sequence numbers and timestamps, paced by
/// the capture's own packet times (× <see cref="Speed"/>), with an RTCP sender report per stream every second.
/// It is not a judge of correctness (the GStreamer server is).
/// </summary>
public sealed class CameraSimulator : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _sdpText;
    private readonly List<SimulatedPacket> _packets = [];
    private readonly long[] _loopTimestampStep;
    private readonly int[] _clockRates;
    private readonly TimeSpan _loopDuration;
    private readonly Task _acceptLoop;
    private int _sessions;

    /// <param name="sdp">The DESCRIBE body of the captured session.</param>
    /// <param name="capture">The captured packets (rtpdump), both streams told apart by payload type.</param>
    /// <param name="speed">Pacing factor (1 = real time).</param>
    public CameraSimulator(string sdp, IReadOnlyList<RtpDumpPacket> capture, double speed = 1.0)
    {
        Speed = speed;
        _sdpText = sdp;
        var description = SdpParser.Parse(_sdpText, new Uri("rtsp://127.0.0.1/sim"));
        var streamOfPt = description.Streams.ToDictionary(s => s.PayloadType, s => s.Index);
        _clockRates = description.Streams.Select(s => s.ClockRate).ToArray();
        var first = new long?[_clockRates.Length];
        var last = new long[_clockRates.Length];
        foreach (var record in capture)
        {
            if (record.IsRtcp || !streamOfPt.TryGetValue(record.PayloadType, out var stream))
            {
                continue;
            }

            var ts = BinaryPrimitives.ReadUInt32BigEndian(record.Data.AsSpan(4));
            first[stream] ??= ts;
            last[stream] = ts;
            _packets.Add(new SimulatedPacket(stream, record.Offset, record.Data));
        }

        if (_packets.Count == 0)
        {
            throw new ArgumentException("the capture has no RTP packet of the described streams", nameof(capture));
        }

        _loopDuration = _packets[^1].Offset + TimeSpan.FromMilliseconds(40);
        _loopTimestampStep = _clockRates.Select(rate => (long)(_loopDuration.TotalSeconds * rate)).ToArray();
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public double Speed { get; }

    public int ActiveSessions => Volatile.Read(ref _sessions);

    public Uri Uri => new($"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/sim");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        Interlocked.Increment(ref _sessions);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        Task? streaming = null;
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var writeLock = new SemaphoreSlim(1, 1);
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
                    var cseq = request.First(l => l.StartsWith("CSeq", StringComparison.OrdinalIgnoreCase)).Split(':')[1].Trim();
                    var answer = method switch
                    {
                        "OPTIONS" => Response(cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n"),
                        "DESCRIBE" => Response(cseq, $"Content-Base: {Uri}/\r\nContent-Type: application/sdp\r\n", _sdpText),
                        "SETUP" => Response(cseq, $"Session: 5150;timeout=60\r\nTransport: {request.First(l => l.StartsWith("Transport", StringComparison.OrdinalIgnoreCase))[10..].Trim()}\r\n"),
                        "PLAY" or "GET_PARAMETER" => Response(cseq, "Session: 5150\r\n"),
                        "TEARDOWN" => Response(cseq, string.Empty),
                        _ => $"RTSP/1.0 405 Method Not Allowed\r\nCSeq: {cseq}\r\n\r\n",
                    };
                    await writeLock.WaitAsync(session.Token);
                    try
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), session.Token);
                    }
                    finally
                    {
                        writeLock.Release();
                    }

                    if (method == "PLAY")
                    {
                        streaming ??= StreamAsync(stream, writeLock, session.Token);
                    }
                    else if (method == "TEARDOWN")
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
        finally
        {
            await session.CancelAsync();
            if (streaming is not null)
            {
                await streaming.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            Interlocked.Decrement(ref _sessions);
        }
    }

    private static string Response(string cseq, string headers, string body = "") =>
        $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{headers}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private async Task StreamAsync(NetworkStream stream, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        var batch = new byte[256 * 1024];
        var sequence = new ushort[_clockRates.Length];
        var start = DateTime.UtcNow;
        var nextReport = TimeSpan.Zero;
        try
        {
            for (var loop = 0L; !cancellationToken.IsCancellationRequested; loop++)
            {
                var index = 0;
                while (index < _packets.Count)
                {
                    var now = (DateTime.UtcNow - start) * Speed;
                    var loopStart = _loopDuration * loop;
                    var length = 0;
                    if (now >= nextReport)
                    {
                        length += WriteReports(batch, loop, now, loopStart);
                        nextReport += TimeSpan.FromSeconds(1);
                    }

                    while (index < _packets.Count && loopStart + _packets[index].Offset <= now && length + _packets[index].Data.Length + 4 <= batch.Length)
                    {
                        var p = _packets[index++];
                        batch[length] = (byte)'$';
                        batch[length + 1] = (byte)(p.Stream * 2);
                        BinaryPrimitives.WriteUInt16BigEndian(batch.AsSpan(length + 2), (ushort)p.Data.Length);
                        var target = batch.AsSpan(length + 4, p.Data.Length);
                        p.Data.CopyTo(target);
                        BinaryPrimitives.WriteUInt16BigEndian(target[2..], sequence[p.Stream]++);
                        var ts = BinaryPrimitives.ReadUInt32BigEndian(target[4..]);
                        BinaryPrimitives.WriteUInt32BigEndian(target[4..], (uint)(ts + (loop * _loopTimestampStep[p.Stream])));
                        length += 4 + p.Data.Length;
                    }

                    if (length > 0)
                    {
                        await writeLock.WaitAsync(cancellationToken);
                        try
                        {
                            await stream.WriteAsync(batch.AsMemory(0, length), cancellationToken);
                        }
                        finally
                        {
                            writeLock.Release();
                        }
                    }
                    else
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);  // pacing, not synchronisation
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private int WriteReports(byte[] batch, long loop, TimeSpan now, TimeSpan loopStart)
    {
        var length = 0;
        for (var s = 0; s < _clockRates.Length; s++)
        {
            var firstOfStream = _packets.First(p => p.Stream == s);
            var baseTs = BinaryPrimitives.ReadUInt32BigEndian(firstOfStream.Data.AsSpan(4));
            var rtp = (uint)(baseTs + (loop * _loopTimestampStep[s]) + (long)((now - loopStart - firstOfStream.Offset).TotalSeconds * _clockRates[s]));
            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(firstOfStream.Data.AsSpan(8));
            batch[length] = (byte)'$';
            batch[length + 1] = (byte)((s * 2) + 1);
            BinaryPrimitives.WriteUInt16BigEndian(batch.AsSpan(length + 2), 28);
            new RtcpSenderReport(ssrc, RtcpSenderReport.ToNtp(DateTime.UtcNow), rtp).WriteTo(batch.AsSpan(length + 4));
            length += 32;
        }

        return length;
    }

    private sealed record SimulatedPacket(int Stream, TimeSpan Offset, byte[] Data);
}
