using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.Tests.Unit.Streaming;

/// <summary>A raw RTSP/TCP client for the server's unit tests: writes request text, reads responses and interleaved frames.</summary>
internal sealed class RtspTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream _stream = null!;
    private byte[] _buffer = new byte[1 << 16];
    private int _filled;
    private int _cseq;

    public static async Task<RtspTestClient> ConnectAsync(int port)
    {
        var client = new RtspTestClient();
        await client._tcp.ConnectAsync(IPAddress.Loopback, port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    public string Url(int port, string path) => $"rtsp://127.0.0.1:{port}{path}";

    /// <summary>Sends a request and returns its response (interleaved frames before it are skipped into <paramref name="frames"/>).</summary>
    public async Task<RtspResponse> RequestAsync(string method, string uri, List<(byte Channel, byte[] Data)>? frames = null, params string[] headers)
    {
        await SendAsync(method, uri, headers);
        while (true)
        {
            var item = await ReadAsync();
            if (item.Response is not null)
            {
                return item.Response;
            }

            frames?.Add(item.Frame!.Value);
        }
    }

    /// <summary>Sends a request without reading anything.</summary>
    public async Task SendAsync(string method, string uri, params string[] headers)
    {
        var text = new StringBuilder($"{method} {uri} RTSP/1.0\r\nCSeq: {++_cseq}\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
    }

    public int LastCSeq => _cseq;

    /// <summary>Reads the next message or interleaved frame; null response and frame at end of stream.</summary>
    public async Task<(RtspResponse? Response, (byte Channel, byte[] Data)? Frame)> ReadAsync()
    {
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_buffer, 0, _filled);
            if (RtspStreamParser.StartsWithInterleavedFrame(sequence))
            {
                if (RtspStreamParser.TryReadInterleaved(ref sequence, out var channel, out var payload))
                {
                    var data = payload.ToArray();
                    Consume(sequence);
                    return (null, (channel, data));
                }
            }
            else if (_filled > 0 && RtspStreamParser.TryReadMessage(ref sequence, out var message))
            {
                Consume(sequence);
                return (message, null);
            }

            if (_filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_filled));
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            _filled += read;
        }
    }

    /// <summary>True when the server closes the connection (reads until end of stream).</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        try
        {
            while (true)
            {
                await ReadAsync();
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Consume(ReadOnlySequence<byte> rest)
    {
        var consumed = _filled - (int)rest.Length;
        Buffer.BlockCopy(_buffer, consumed, _buffer, 0, (int)rest.Length);
        _filled = (int)rest.Length;
    }
}
