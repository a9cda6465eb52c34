using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// One client connection: reads requests (and interleaved RTCP) with the project's RTSP stream parser, answers them and
/// carries the interleaved RTP of its sessions. All output goes through one bounded pipe drained to the socket by one
/// task; writers take <see cref="_writeGate"/> so responses and packets never interleave mid-message.
/// </summary>
internal sealed partial class RtspServerConnection : IAsyncDisposable
{
    private readonly RtspServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Pipe _output;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private int _closeRequested;
    private readonly Dictionary<string, RtspServerSession> _sessions = new(StringComparer.Ordinal);
    private readonly ILogger _log;
    private long _lastRequest;

    public RtspServerConnection(RtspServer server, Socket socket, ILogger log)
    {
        _server = server;
        _lastRequest = server.Options.Time.GetTimestamp();
        _socket = socket;
        _socket.NoDelay = true;
        if (server.Options.SocketSendBufferBytes is { } sendBuffer)
        {
            _socket.SendBufferSize = sendBuffer;
        }

        _stream = new NetworkStream(socket, ownsSocket: true);
        var limit = server.Options.SendBufferBytes;
        _output = new Pipe(new PipeOptions(pauseWriterThreshold: limit, resumeWriterThreshold: limit / 2, useSynchronizationContext: false));
        _log = log;
    }

    public string Remote => _socket.RemoteEndPoint?.ToString() ?? "?";

    /// <summary>The client's and the local address of this connection, for the authenticator.</summary>
    private RtspPeer Peer => new(Plain((_socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address), Plain((_socket.LocalEndPoint as System.Net.IPEndPoint)?.Address));

    private static System.Net.IPAddress? Plain(System.Net.IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    /// <summary>Serves the connection until the client leaves, the server stops or the connection is dropped.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        var pump = PumpAsync(linked.Token);
        try
        {
            await ReadLoopAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (RtspException e)
        {
            _server.Statistics.BadRequest();
            _log.LogDebug("RTSP client {Remote}: {Message}", Remote, e.Message);
        }
        finally
        {
            await _closing.CancelAsync().ConfigureAwait(false);
            await StopAllSessionsAsync().ConfigureAwait(false);
            await _output.Writer.CompleteAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Closes the connection (slow client, session timeout, server stop).</summary>
    /// <summary>Asks the connection to close; true only for the first call (so a close is counted once).</summary>
    public bool Close()
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return false;
        }

        _closing.Cancel();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>The sessions of this connection idle longer than <paramref name="timeout"/>.</summary>
    public bool HasTimedOutSession(TimeSpan timeout)
    {
        lock (_sessions)
        {
            return _sessions.Values.Any(s => s.Idle > timeout);
        }
    }

    /// <summary>True when the connection has no session and completed no request (nor RTCP) for longer than <paramref name="timeout"/>.</summary>
    public bool IsIdleWithoutSession(TimeSpan timeout)
    {
        lock (_sessions)
        {
            return _sessions.Count == 0 && _server.Options.Time.GetElapsedTime(Interlocked.Read(ref _lastRequest)) > timeout;
        }
    }

    private void RequestCompleted() => Interlocked.Exchange(ref _lastRequest, _server.Options.Time.GetTimestamp());

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var reader = _output.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                await _stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    if (RtspStreamParser.StartsWithInterleavedFrame(buffer))
                    {
                        if (!RtspStreamParser.TryReadInterleaved(ref buffer, out _, out _))
                        {
                            break;
                        }

                        RequestCompleted();
                        TouchAll(); // RTCP receiver reports keep the sessions alive
                        continue;
                    }

                    if (!RtspStreamParser.TryReadMessage(ref buffer, out var message))
                    {
                        break;
                    }

                    RequestCompleted();
                    var request = RtspRequest.From(message!);
                    if (request is null)
                    {
                        _server.Statistics.BadRequest();
                        await WriteReplyAsync(new RtspReply(400, "Bad Request"), message!.CSeq, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var reply = await HandleAsync(request, cancellationToken).ConfigureAwait(false);
                    if (reply is not null)
                    {
                        await WriteReplyAsync(reply, request.CSeq, cancellationToken).ConfigureAwait(false);
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void TouchAll()
    {
        lock (_sessions)
        {
            foreach (var session in _sessions.Values)
            {
                session.Touch();
            }
        }
    }

    internal async Task WriteReplyAsync(RtspReply reply, int cseq, CancellationToken cancellationToken)
    {
        var bytes = reply.Serialize(cseq);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.Writer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task StopAllSessionsAsync()
    {
        List<RtspServerSession> sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions.Values];
            _sessions.Clear();
        }

        foreach (var session in sessions)
        {
            await StopPlayAsync(session).ConfigureAwait(false);
            session.CloseStreams();
            _server.Release(session);
        }
    }
}
