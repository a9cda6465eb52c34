using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Nvr.Pipeline.Rtp;

namespace Nvr.Load.Simulation;

/// <summary>
/// One camera = one RTSP connection: answers OPTIONS/DESCRIBE/SETUP/PLAY/GET_PARAMETER/TEARDOWN and, once playing,
/// is paced by <see cref="CameraServer"/>'s shared tick (no timer or task of its own). Each camera has its own SSRCs,
/// random initial sequence numbers and timestamps (RFC 3550 §5.1), and sends an RTCP sender report per stream each
/// second, interleaved on TCP. A write the socket cannot take at once is left in flight and the camera is skipped
/// until it completes (its due packets go out with the next tick): backpressure, never a drop.
/// </summary>
public sealed class SimulatedCamera
{
    private const int BatchBytes = 128 * 1024;
    private readonly Socket _socket;
    private readonly CaptureLoop _capture;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly byte[] _batch = new byte[BatchBytes];
    private readonly uint[] _ssrc;
    private readonly uint[] _timestampBase;
    private readonly ushort[] _sequence;
    private readonly long[] _loop;
    private readonly int[] _index;
    private long _startTicks;
    private long _nextReportTicks;

    public SimulatedCamera(Socket socket, CaptureLoop capture, int seed)
    {
        _socket = socket;
        _capture = capture;
        var random = new Random(seed);
        var streams = capture.Streams.Count;
        _ssrc = Enumerable.Range(0, streams).Select(_ => (uint)random.NextInt64(1, uint.MaxValue)).ToArray();
        _timestampBase = Enumerable.Range(0, streams).Select(_ => (uint)random.NextInt64(0, uint.MaxValue)).ToArray();
        _sequence = Enumerable.Range(0, streams).Select(_ => (ushort)random.Next(0, ushort.MaxValue)).ToArray();
        _loop = new long[streams];
        _index = new int[streams];
    }

    public string Path { get; private set; } = "?";

    public bool Playing { get; private set; }

    /// <summary>Video frames (marker packets of stream 0) sent so far.</summary>
    public long VideoFramesSent { get; private set; }

    public long BytesSent { get; private set; }

    /// <summary>Serves RTSP requests until the client leaves; <paramref name="onPlay"/> is called once on PLAY.</summary>
    public async Task ServeAsync(Action<SimulatedCamera> onPlay, CancellationToken cancellationToken)
    {
        using var stream = new NetworkStream(_socket, ownsSocket: false);
        var reader = new InterleavedRequestReader(stream);
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = await reader.ReadRequestAsync(cancellationToken); // interleaved RTCP receiver reports are skipped
            if (request is null || request.Count == 0)
            {
                return;
            }

            var parts = request[0].Split(' ');
            var (method, uri) = (parts[0], parts.Length > 1 ? parts[1] : "rtsp://127.0.0.1/cam");
            var cseq = Header(request, "CSeq") ?? "0";
            var answer = method switch
            {
                "OPTIONS" => Response(cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n"),
                "DESCRIBE" => Response(cseq, $"Content-Base: {uri.TrimEnd('/')}/\r\nContent-Type: application/sdp\r\n", _capture.Sdp),
                "SETUP" => Response(cseq, $"Session: {_ssrc[0]:x8};timeout=60\r\nTransport: {Header(request, "Transport")}\r\n"),
                "PLAY" or "GET_PARAMETER" => Response(cseq, $"Session: {_ssrc[0]:x8}\r\n"),
                "TEARDOWN" => Response(cseq, string.Empty),
                _ => $"RTSP/1.0 405 Method Not Allowed\r\nCSeq: {cseq}\r\n\r\n",
            };
            if (method == "DESCRIBE")
            {
                Path = new Uri(uri).AbsolutePath;
            }

            await _write.WaitAsync(cancellationToken);
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), cancellationToken);
            }
            finally
            {
                _write.Release();
            }

            if (method == "PLAY" && !Playing)
            {
                _startTicks = TimeProvider.System.GetTimestamp();
                _nextReportTicks = _startTicks;
                Playing = true;
                onPlay(this);
            }
            else if (method == "TEARDOWN")
            {
                return;
            }
        }
    }

    /// <summary>Sends what is due at <paramref name="nowTicks"/> (a TimeProvider timestamp); skipped while a write is in flight.</summary>
    public void Tick(long nowTicks)
    {
        if (!Playing || !_write.Wait(0))
        {
            return;
        }

        var length = 0;
        var elapsed = TimeProvider.System.GetElapsedTime(_startTicks, nowTicks);
        if (nowTicks >= _nextReportTicks)
        {
            length += WriteReports(elapsed);
            _nextReportTicks += TimeProvider.System.TimestampFrequency;
        }

        for (var s = 0; s < _capture.Streams.Count; s++)
        {
            length = WriteDue(s, elapsed, length);
        }

        if (length == 0)
        {
            _write.Release();
            return;
        }

        BytesSent += length;
        ValueTask<int> send;
        try
        {
            send = _socket.SendAsync(_batch.AsMemory(0, length), SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Playing = false;
            _write.Release();
            return;
        }

        if (send.IsCompletedSuccessfully && send.Result == length)
        {
            _write.Release();
        }
        else
        {
            _ = FinishSendAsync(send, length);
        }
    }

    private async Task FinishSendAsync(ValueTask<int> send, int length)
    {
        try
        {
            var sent = await send;
            while (sent < length)
            {
                sent += await _socket.SendAsync(_batch.AsMemory(sent, length - sent), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Playing = false;
        }
        finally
        {
            _write.Release();
        }
    }

    private int WriteDue(int s, TimeSpan elapsed, int length)
    {
        var stream = _capture.Streams[s];
        var nowTicks = (long)(elapsed.TotalSeconds * stream.ClockRate);
        while (true)
        {
            var packet = stream.Packets[_index[s]];
            var due = (_loop[s] * stream.PeriodTicks) + packet.Timestamp;
            if (due > nowTicks || length + packet.Data.Length + 4 > _batch.Length)
            {
                return length;
            }

            _batch[length] = (byte)'$';
            _batch[length + 1] = (byte)(s * 2);
            BinaryPrimitives.WriteUInt16BigEndian(_batch.AsSpan(length + 2), (ushort)packet.Data.Length);
            var target = _batch.AsSpan(length + 4, packet.Data.Length);
            packet.Data.CopyTo(target);
            BinaryPrimitives.WriteUInt16BigEndian(target[2..], _sequence[s]++);
            BinaryPrimitives.WriteUInt32BigEndian(target[4..], (uint)(_timestampBase[s] + due));
            BinaryPrimitives.WriteUInt32BigEndian(target[8..], _ssrc[s]);
            length += 4 + packet.Data.Length;
            if (s == 0 && packet.Marker)
            {
                VideoFramesSent++;
            }

            if (++_index[s] == stream.Packets.Count)
            {
                _index[s] = 0;
                _loop[s]++;
            }
        }
    }

    private int WriteReports(TimeSpan elapsed)
    {
        var length = 0;
        var utc = DateTime.UtcNow;
        for (var s = 0; s < _capture.Streams.Count; s++)
        {
            var rtp = (uint)(_timestampBase[s] + (long)(elapsed.TotalSeconds * _capture.Streams[s].ClockRate));
            _batch[length] = (byte)'$';
            _batch[length + 1] = (byte)((s * 2) + 1);
            BinaryPrimitives.WriteUInt16BigEndian(_batch.AsSpan(length + 2), 28);
            new RtcpSenderReport(_ssrc[s], RtcpSenderReport.ToNtp(utc), rtp).WriteTo(_batch.AsSpan(length + 4));
            length += 32;
        }

        return length;
    }

    private static string? Header(List<string> request, string name) =>
        request.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) is { } line ? line[(name.Length + 1)..].Trim() : null;

    private static string Response(string cseq, string headers, string body = "") =>
        $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{headers}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
}
