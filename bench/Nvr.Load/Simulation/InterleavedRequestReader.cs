using System.Text;

namespace Nvr.Load.Simulation;

/// <summary>
/// Reads RTSP requests from a connection that also carries interleaved binary frames (<c>$</c>, channel, u16 length:
/// the client's RTCP receiver reports), skipping those frames and any request body.
/// </summary>
internal sealed class InterleavedRequestReader(Stream stream)
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly byte[] _buffer = new byte[MaxHeaderBytes * 2];
    private int _start;
    private int _end;

    /// <summary>The next request's header lines, or null at the end of the connection.</summary>
    public async Task<List<string>?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end - _start >= 4 && _buffer[_start] == (byte)'$')
            {
                var frame = 4 + ((_buffer[_start + 2] << 8) | _buffer[_start + 3]);
                if (!await SkipAsync(frame, cancellationToken))
                {
                    return null;
                }

                continue;
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var headerEnd = available.IndexOf("\r\n\r\n"u8);
            if (headerEnd >= 0 && available[0] != (byte)'$')
            {
                var lines = Encoding.ASCII.GetString(available[..headerEnd]).Split("\r\n").ToList();
                _start += headerEnd + 4;
                var length = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                    && int.TryParse(header[15..].Trim(), out var n) ? n : 0;
                return length == 0 || await SkipAsync(length, cancellationToken) ? lines : null;
            }

            if (_end - _start >= MaxHeaderBytes)
            {
                return null; // not RTSP
            }

            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    private async Task<bool> SkipAsync(int count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return false;
            }

            var take = Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }

        return true;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }
}
