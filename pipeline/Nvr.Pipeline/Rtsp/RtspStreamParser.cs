using System.Buffers;
using System.Globalization;
using System.Text;

namespace Nvr.Pipeline.Rtsp;

/// <summary>
/// Splits the byte stream of an RTSP connection into interleaved binary frames (RFC 2326 §10.12:
/// <c>'$'</c>, channel, 16-bit length, data) and text messages (responses, or requests sent by the server).
/// Limits keep memory bounded: a header block larger than <see cref="MaxHeaderBytes"/> or a Content-Length
/// above <see cref="MaxBodyBytes"/> is a <see cref="RtspFailure.ProtocolViolation"/>.
/// </summary>
public static class RtspStreamParser
{
    public const int MaxHeaderBytes = 16 * 1024;
    public const int MaxBodyBytes = 256 * 1024;
    private const byte Dollar = (byte)'$';

    /// <summary>What the buffer starts with.</summary>
    public static bool StartsWithInterleavedFrame(in ReadOnlySequence<byte> buffer) =>
        !buffer.IsEmpty && buffer.FirstSpan[0] == Dollar;

    /// <summary>
    /// Reads one interleaved frame from the start of <paramref name="buffer"/> (which must start with '$').
    /// False when more bytes are needed; on success <paramref name="buffer"/> is advanced past the frame.
    /// </summary>
    public static bool TryReadInterleaved(ref ReadOnlySequence<byte> buffer, out byte channel, out ReadOnlySequence<byte> payload)
    {
        channel = 0;
        payload = default;
        int length;
        var first = buffer.FirstSpan;
        if (first.Length >= 4)
        {
            channel = first[1];
            length = (first[2] << 8) | first[3];
        }
        else
        {
            if (buffer.Length < 4)
            {
                return false;
            }

            Span<byte> header = stackalloc byte[4];
            buffer.Slice(0, 4).CopyTo(header);
            channel = header[1];
            length = (header[2] << 8) | header[3];
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        payload = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>
    /// Reads one text message from the start of <paramref name="buffer"/>. False when more bytes are needed;
    /// throws <see cref="RtspException"/> for malformed or oversized messages.
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out RtspResponse? message)
    {
        message = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!TryFindHeaderEnd(ref reader, out var headerLength))
        {
            if (buffer.Length > MaxHeaderBytes)
            {
                throw new RtspException(RtspFailure.ProtocolViolation, $"RTSP header block exceeds {MaxHeaderBytes} bytes");
            }

            return false;
        }

        if (headerLength > MaxHeaderBytes)
        {
            throw new RtspException(RtspFailure.ProtocolViolation, $"RTSP header block exceeds {MaxHeaderBytes} bytes");
        }

        var headerText = Encoding.Latin1.GetString(buffer.Slice(0, headerLength));
        var lines = headerText.Split('\n');
        var startLine = lines[0].TrimEnd('\r');
        var headers = new List<KeyValuePair<string, string>>(lines.Length);
        var contentLength = 0L;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new RtspException(RtspFailure.ProtocolViolation, $"RTSP header line without a name: '{Shorten(line)}'");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers.Add(new(name, value));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
                {
                    throw new RtspException(RtspFailure.ProtocolViolation, $"RTSP Content-Length is not a number: '{Shorten(value)}'");
                }

                if (contentLength > MaxBodyBytes)
                {
                    throw new RtspException(RtspFailure.ProtocolViolation, $"RTSP Content-Length {contentLength} exceeds the {MaxBodyBytes} bytes accepted");
                }
            }
        }

        if (buffer.Length < headerLength + contentLength)
        {
            return false;
        }

        var body = contentLength == 0 ? string.Empty : Encoding.UTF8.GetString(buffer.Slice(headerLength, contentLength));
        message = ParseStartLine(startLine, headers, body);
        buffer = buffer.Slice(headerLength + contentLength);
        return true;
    }

    private static RtspResponse ParseStartLine(string startLine, List<KeyValuePair<string, string>> headers, string body)
    {
        if (startLine.StartsWith("RTSP/", StringComparison.Ordinal))
        {
            // RTSP/1.0 SP status SP reason
            var parts = startLine.Split(' ', 3);
            if (parts.Length < 2 || parts[1].Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100)
            {
                throw new RtspException(RtspFailure.ProtocolViolation, $"RTSP status line is malformed: '{Shorten(startLine)}'");
            }

            return new RtspResponse(status, parts.Length > 2 ? parts[2] : string.Empty, headers, body);
        }

        if (startLine.EndsWith(" RTSP/1.0", StringComparison.Ordinal))
        {
            return new RtspResponse(0, startLine, headers, body);
        }

        throw new RtspException(RtspFailure.ProtocolViolation, $"not an RTSP message: '{Shorten(startLine)}'");
    }

    private static bool TryFindHeaderEnd(ref SequenceReader<byte> reader, out long length)
    {
        length = 0;
        while (reader.TryAdvanceTo((byte)'\n'))
        {
            if (reader.IsNext((byte)'\n'))
            {
                length = reader.Consumed + 1;
                return true;
            }

            if (reader.IsNext("\r\n"u8))
            {
                length = reader.Consumed + 2;
                return true;
            }

            if (reader.Consumed > MaxHeaderBytes)
            {
                return false;
            }
        }

        return false;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
