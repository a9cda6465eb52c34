using System.Buffers;
using System.Text;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RtspStreamParserTests
{
    [Fact]
    public void Response_with_body_then_interleaved_frame_split_over_segments()
    {
        var text = "RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n";
        var bytes = Encoding.ASCII.GetBytes(text).Concat(new byte[] { (byte)'$', 2, 0, 3, 0xAA, 0xBB, 0xCC }).ToArray();
        for (var split = 1; split < bytes.Length; split++)
        {
            var buffer = Segments.Of(bytes[..split], bytes[split..]);
            Assert.True(RtspStreamParser.TryReadMessage(ref buffer, out var response));
            Assert.Equal(200, response!.StatusCode);
            Assert.Equal(3, response.CSeq);
            Assert.Equal("v=0\r\n", response.Body);
            Assert.True(RtspStreamParser.StartsWithInterleavedFrame(buffer));
            Assert.True(RtspStreamParser.TryReadInterleaved(ref buffer, out var channel, out var payload));
            Assert.Equal(2, channel);
            Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, payload.ToArray());
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void Incomplete_input_asks_for_more()
    {
        var partial = new ReadOnlySequence<byte>("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 10\r\n\r\nabc"u8.ToArray());
        Assert.False(RtspStreamParser.TryReadMessage(ref partial, out _));
        var frame = new ReadOnlySequence<byte>(new byte[] { (byte)'$', 0, 1, 0 });
        Assert.False(RtspStreamParser.TryReadInterleaved(ref frame, out _, out _));
    }

    [Fact]
    public void Two_gigabyte_content_length_is_a_protocol_violation()
    {
        var buffer = new ReadOnlySequence<byte>("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 2147483648\r\n\r\n"u8.ToArray());
        var error = Assert.Throws<RtspException>(() => RtspStreamParser.TryReadMessage(ref buffer, out _));
        Assert.Equal(RtspFailure.ProtocolViolation, error.Failure);
        Assert.Contains("2147483648", error.Message);
    }

    [Fact]
    public void Endless_header_block_is_refused_once_it_exceeds_the_limit()
    {
        var huge = Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 600)));
        var buffer = new ReadOnlySequence<byte>(huge);
        Assert.Equal(RtspFailure.ProtocolViolation, Assert.Throws<RtspException>(() => RtspStreamParser.TryReadMessage(ref buffer, out _)).Failure);
    }

    [Fact]
    public void Server_requests_are_recognised_and_garbage_is_refused()
    {
        var request = new ReadOnlySequence<byte>("GET_PARAMETER rtsp://x/ RTSP/1.0\r\nCSeq: 9\r\n\r\n"u8.ToArray());
        Assert.True(RtspStreamParser.TryReadMessage(ref request, out var message));
        Assert.Equal(0, message!.StatusCode);
        Assert.StartsWith("GET_PARAMETER", message.ReasonPhrase);
        var garbage = new ReadOnlySequence<byte>("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray());
        Assert.Throws<RtspException>(() => RtspStreamParser.TryReadMessage(ref garbage, out _));
    }

    [Fact]
    public void Repeated_headers_are_kept()
    {
        var buffer = new ReadOnlySequence<byte>("RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm=\"a\", nonce=\"b\"\r\nWWW-Authenticate: Basic realm=\"a\"\r\n\r\n"u8.ToArray());
        Assert.True(RtspStreamParser.TryReadMessage(ref buffer, out var response));
        Assert.Equal(2, response!.HeaderValues("www-authenticate").Count());
        Assert.Equal(RtspFailure.Unauthorized, RtspException.FailureFor(response.StatusCode));
    }
}
