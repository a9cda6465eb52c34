using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Nvr.Pipeline.Ingest;

namespace Nvr.Pipeline.Rtsp;

/// <summary>
/// One TCP connection to an RTSP server: writes requests, matches responses by CSeq, and hands interleaved
/// frames to an <see cref="IInterleavedFrameHandler"/> straight from its pooled receive buffer: one read takes
/// everything the socket holds and every complete frame in it is handled before the next read (many RTP packets
/// per wake-up). With a <see cref="ReadPacer"/> a drained socket is read by the pacer at its next tick (the read
/// loop then only waits for the end the tick reports).
/// <see cref="Completion"/> ends with the reason the connection ended.
/// </summary>
internal sealed partial class RtspConnection : IAsyncDisposable, IPacedReader
{
    /// <summary>The receive buffer starts at this size (many RTP packets per read)…</summary>
    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>…grows (doubling) while a pending frame or message does not fit, up to this (&gt; 16 KB header + 256 KB body)…</summary>
    private const int MaxBufferBytes = 512 * 1024;

    /// <summary>…and a read is offered at least this much room (the unread tail is moved to the front first).</summary>
    private const int MinimumReadBytes = 16 * 1024;

    /// <summary>Reads of one paced connection per tick at most (others wait their turn): 32 × ≥ 16 KB.</summary>
    private const int MaxReadsPerTick = 32;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RtspResponse>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _pacedFromStart;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    private int _start;
    private int _end;
    private IInterleavedFrameHandler? _frameHandler;
    private ReadPacer? _pacer;
    private TaskCompletionSource<Exception>? _pacedEnd;

    private RtspConnection(Socket socket, ReadPacer? pacer)
    {
        this._socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _pacer = pacer;
        _pacedFromStart = pacer is not null;
        Completion = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes (faulted with <see cref="RtspException"/>) when the connection ends.</summary>
    public Task Completion { get; }

    /// <summary>Bytes received, including RTSP text.</summary>
    public long BytesReceived { get; private set; }

    public static async Task<RtspConnection> OpenAsync(Uri uri, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken, ReadPacer? pacer = null)
    {
        var port = uri.Port > 0 ? uri.Port : 554;
        if (pacer is not null && !pacer.IsDisposed)
        {
            var paced = await ConnectPacedAsync(uri, port, pacer, timeout, time, cancellationToken).ConfigureAwait(false);
            return new RtspConnection(paced, pacer);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(uri.Host, port, cancellationToken).AsTask().WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return new RtspConnection(socket, null);
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            socket.Dispose();
            throw ConnectFailure(uri, e);
        }
    }

    public void SetFrameHandler(IInterleavedFrameHandler handler) => _frameHandler = handler;

    /// <summary>
    /// From now on a drained socket is read by the pacer at its next tick (one non-blocking read of all that
    /// arrived), not when its next packet arrives. Responses are then seen up to one period later.
    /// </summary>
    public void PaceReads(ReadPacer pacer) => Volatile.Write(ref _pacer, pacer);

    /// <summary>Sends a request and waits for the response with the same CSeq.</summary>
    public async Task<RtspResponse> SendAsync(int cseq, string requestText, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<RtspResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[cseq] = waiter;
        try
        {
            await WriteAsync(requestText, cancellationToken).ConfigureAwait(false);
            if (Completion.IsCompleted)
            {
                await Completion.ConfigureAwait(false);
            }

            return await waiter.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            var method = requestText[..Math.Max(0, requestText.IndexOf(' '))];
            throw new RtspException(RtspFailure.Timeout, $"no complete response to {method} within {timeout.TotalSeconds:0.#} s", 0, e);
        }
        finally
        {
            _pending.TryRemove(cseq, out _);
        }
    }

    /// <summary>Writes a request without waiting for an answer (used for TEARDOWN on the way out).</summary>
    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = 0;
            if (_pacedFromStart)
            {
                // non-blocking send: a request fits the empty send buffer; only what does not is sent asynchronously
                sent = Math.Max(0, _socket.Send(bytes, 0, bytes.Length, SocketFlags.None, out var error));
                if (error is not SocketError.Success and not SocketError.WouldBlock)
                {
                    throw new SocketException((int)error);
                }
            }

            if (sent < bytes.Length)
            {
                await _stream.WriteAsync(bytes.AsMemory(sent), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new RtspException(RtspFailure.ConnectionClosed, $"RTSP connection lost while sending: {e.Message}", 0, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The reason was already observed by whoever watched Completion.
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        Exception failure;
        try
        {
            if (_pacedFromStart && await HandOverAsync(_pacer!).ConfigureAwait(false) is { } ended)
            {
                failure = ended;
            }
            else
            {
                failure = await ReadUnpacedAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            failure = Describe(e);
        }

        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(failure);
        }

        ArrayPool<byte>.Shared.Return(_buffer); // only this loop (or, paced, the tick until it ended the read) touches the buffer
        _buffer = [];
        throw failure;
    }

    /// <summary>Reads as data arrives (asynchronous receives) until the connection ends or, drained, is handed to a pacer.</summary>
    private async Task<Exception> ReadUnpacedAsync()
    {
        while (true)
        {
            var room = MakeRoom();
            var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end, room), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            if (received == 0)
            {
                return new RtspException(RtspFailure.ConnectionClosed, "the RTSP server closed the connection");
            }

            _end += received;
            Consume();
            if (Volatile.Read(ref _pacer) is { } pacer && received < room && await HandOverAsync(pacer).ConfigureAwait(false) is { } ended)
            {
                return ended; // drained: the pacer's tick read this socket from then on
            }
        }
    }

    /// <summary>
    /// The pacer's tick reads this socket from now on (no task of its own waits for data); completes with the reason
    /// the connection ended, or null when the pacer was already disposed (then read on as data arrives).
    /// </summary>
    private async Task<Exception?> HandOverAsync(ReadPacer pacer)
    {
        _socket.Blocking = false; // reads return WouldBlock instead of waiting
        var handedOver = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pacedEnd = handedOver;
        if (pacer.Add(this))
        {
            return await handedOver.Task.ConfigureAwait(false);
        }

        _pacedEnd = null;
        _socket.Blocking = true;
        Volatile.Write(ref _pacer, null);
        return null;
    }

    private static RtspException Describe(Exception e) => e switch
    {
        RtspException r => r,
        OperationCanceledException => new RtspException(RtspFailure.ConnectionClosed, "the RTSP connection was closed locally", 0, e),
        IOException or SocketException or ObjectDisposedException => new RtspException(RtspFailure.ConnectionClosed, $"the RTSP connection failed: {e.Message}", 0, e),

        // A bug downstream of the parser must still end the session with a reason, not hang it.
        _ => new RtspException(RtspFailure.ProtocolViolation, $"processing RTSP data failed: {e.Message}", 0, e),
    };

    /// <summary>Room for the next read at the end of the buffer: moves the unread tail to the front or grows the buffer.</summary>
    private int MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_buffer.Length - _end < MinimumReadBytes && _start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < MinimumReadBytes)
        {
            if (_buffer.Length >= MaxBufferBytes)
            {
                throw new RtspException(RtspFailure.ProtocolViolation, $"an RTSP message or frame does not fit in {MaxBufferBytes} bytes");
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.Length - _end;
    }

    /// <summary>Handles every complete frame and message in the buffer (many RTP packets per read).</summary>
    private void Consume()
    {
        var all = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
        var rest = all;
        Consume(ref rest);
        var consumed = (int)(all.Length - rest.Length);
        _start += consumed;
        BytesReceived += consumed;
    }

    private void Consume(ref ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (RtspStreamParser.StartsWithInterleavedFrame(buffer))
            {
                if (!RtspStreamParser.TryReadInterleaved(ref buffer, out var channel, out var payload))
                {
                    return;
                }

                Deliver(channel, payload.FirstSpan); // one array: always a single segment
                continue;
            }

            if (!RtspStreamParser.TryReadMessage(ref buffer, out var message))
            {
                return;
            }

            if (message!.StatusCode == 0)
            {
                AnswerServerRequest(message);
            }
            else if (_pending.TryGetValue(message.CSeq, out var waiter))
            {
                waiter.TrySetResult(message);
            }
        }
    }

    private void Deliver(byte channel, ReadOnlySpan<byte> payload) => _frameHandler?.OnFrame(channel, payload);

    private void AnswerServerRequest(RtspResponse request)
    {
        var method = request.ReasonPhrase.Split(' ')[0];
        var status = method is "OPTIONS" or "GET_PARAMETER" or "SET_PARAMETER" ? "200 OK" : "501 Not Implemented";
        var answer = $"RTSP/1.0 {status}\r\nCSeq: {request.Header("CSeq") ?? "0"}\r\n\r\n";
        _ = WriteAsync(answer, _stop.Token).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}
