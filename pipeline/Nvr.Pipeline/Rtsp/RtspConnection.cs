using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace Nvr.Pipeline.Rtsp;

/// <summary>
/// One TCP connection to an RTSP server: writes requests, matches responses by CSeq, and hands interleaved
/// frames to an <see cref="IInterleavedFrameHandler"/> straight from the pipe buffer (copied only when a frame
/// straddles two buffer segments). <see cref="Completion"/> ends with the reason the connection ended.
/// </summary>
internal sealed class RtspConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RtspResponse>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _scratch = new byte[65536 + 4];
    private IInterleavedFrameHandler? _frameHandler;

    private RtspConnection(Socket socket)
    {
        this._socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        Completion = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes (faulted with <see cref="RtspException"/>) when the connection ends.</summary>
    public Task Completion { get; }

    /// <summary>Bytes received, including RTSP text.</summary>
    public long BytesReceived { get; private set; }

    public static async Task<RtspConnection> OpenAsync(Uri uri, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var port = uri.Port > 0 ? uri.Port : 554;
            await socket.ConnectAsync(uri.Host, port, cancellationToken).AsTask().WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return new RtspConnection(socket);
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            socket.Dispose();
            var failure = e is TimeoutException ? RtspFailure.Timeout : RtspFailure.ConnectionFailed;
            throw new RtspException(failure, $"cannot connect to {uri.Host}:{uri.Port}: {e.Message}", 0, e);
        }
    }

    public void SetFrameHandler(IInterleavedFrameHandler handler) => _frameHandler = handler;

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
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
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
            while (true)
            {
                var result = await _reader.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var before = buffer.Length;
                Consume(ref buffer);
                BytesReceived += before - buffer.Length;
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    failure = new RtspException(RtspFailure.ConnectionClosed, "the RTSP server closed the connection");
                    break;
                }
            }
        }
        catch (RtspException e)
        {
            failure = e;
        }
        catch (OperationCanceledException e)
        {
            failure = new RtspException(RtspFailure.ConnectionClosed, "the RTSP connection was closed locally", 0, e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            failure = new RtspException(RtspFailure.ConnectionClosed, $"the RTSP connection failed: {e.Message}", 0, e);
        }
        catch (Exception e)
        {
            // A bug downstream of the parser must still end the session with a reason, not hang it.
            failure = new RtspException(RtspFailure.ProtocolViolation, $"processing RTSP data failed: {e.Message}", 0, e);
        }

        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(failure);
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        throw failure;
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

                Deliver(channel, payload);
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

    private void Deliver(byte channel, in ReadOnlySequence<byte> payload)
    {
        var handler = _frameHandler;
        if (handler is null)
        {
            return;
        }

        if (payload.IsSingleSegment)
        {
            handler.OnFrame(channel, payload.FirstSpan);
            return;
        }

        var length = (int)payload.Length;
        payload.CopyTo(_scratch);
        handler.OnFrame(channel, _scratch.AsSpan(0, length));
    }

    private void AnswerServerRequest(RtspResponse request)
    {
        var method = request.ReasonPhrase.Split(' ')[0];
        var status = method is "OPTIONS" or "GET_PARAMETER" or "SET_PARAMETER" ? "200 OK" : "501 Not Implemented";
        var answer = $"RTSP/1.0 {status}\r\nCSeq: {request.Header("CSeq") ?? "0"}\r\n\r\n";
        _ = WriteAsync(answer, _stop.Token).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}
