using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.Sdp;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Properties;

/// <summary>Fuzz-style properties: arbitrary input never crashes, hangs or grows memory without bound.</summary>
public sealed class ParserProperties
{
    [Property(MaxTest = 500)]
    public void RTSP_stream_parser_only_consumes_waits_or_refuses(byte[] head, NonEmptyString text, byte[] tail, PositiveInt split)
    {
        var bytes = head.Concat(System.Text.Encoding.Latin1.GetBytes(text.Get)).Concat(tail).ToArray();
        var cut = split.Get % (bytes.Length + 1);
        var buffer = Segments.Of(bytes[..cut], bytes[cut..]);
        try
        {
            while (!buffer.IsEmpty)
            {
                var before = buffer.Length;
                bool progressed;
                if (RtspStreamParser.StartsWithInterleavedFrame(buffer))
                {
                    progressed = RtspStreamParser.TryReadInterleaved(ref buffer, out _, out var payload) && payload.Length <= 65535;
                }
                else
                {
                    progressed = RtspStreamParser.TryReadMessage(ref buffer, out var message) && message is not null;
                }

                if (!progressed)
                {
                    break;  // waits for more bytes
                }

                Assert.True(buffer.Length < before, "a successful read must consume bytes");
            }
        }
        catch (RtspException e)
        {
            Assert.Equal(RtspFailure.ProtocolViolation, e.Failure);
        }
    }

    [Property(MaxTest = 300)]
    public void Interleaved_frames_survive_any_segmentation(byte[][] payloads, byte channelSeed, PositiveInt split)
    {
        var frames = payloads.Select((p, i) => (Channel: (byte)(channelSeed + i), Data: p.Length > 65535 ? p[..65535] : p)).ToList();
        var stream = frames.SelectMany(f => new byte[] { (byte)'$', f.Channel, (byte)(f.Data.Length >> 8), (byte)f.Data.Length }.Concat(f.Data)).ToArray();
        var cut = split.Get % (stream.Length + 1);
        var buffer = Segments.Of(stream[..cut], stream[cut..]);
        foreach (var (channel, data) in frames)
        {
            Assert.True(RtspStreamParser.TryReadInterleaved(ref buffer, out var gotChannel, out var gotData));
            Assert.Equal(channel, gotChannel);
            Assert.Equal(data, gotData.ToArray());
        }

        Assert.True(buffer.IsEmpty);
    }

    [Property(MaxTest = 500)]
    public void SDP_parser_accepts_or_raises_a_format_error(string[] lines)
    {
        var text = string.Join("\r\n", (lines ?? []).Select(l => l ?? string.Empty));
        try
        {
            var sdp = SdpParser.Parse(text, new Uri("rtsp://127.0.0.1/x"));
            Assert.All(sdp.Streams, s => Assert.True(s.ClockRate > 0));
        }
        catch (FormatException)
        {
        }
    }

    [Property(MaxTest = 300)]
    public void SDP_with_fuzzed_media_attributes(NonNegativeInt pt, string encoding, string fmtp, string control)
    {
        var text = $"v=0\r\nm=video 0 RTP/AVP {pt.Get % 128}\r\na=rtpmap:{pt.Get % 128} {encoding}\r\na=fmtp:{pt.Get % 128} {fmtp}\r\na=control:{control}\r\n";
        try
        {
            var sdp = SdpParser.Parse(text, new Uri("rtsp://127.0.0.1/x"));
            Assert.Contains(sdp.Streams, s => s.PayloadType == pt.Get % 128); // the m= line's format survives any attributes
        }
        catch (FormatException)
        {
        }
    }

    [Property(MaxTest = 200)]
    public Property Response_header_values_round_trip(PositiveInt status, NonEmptyString reason)
    {
        var code = 100 + (status.Get % 500);
        var cleanReason = new string(reason.Get.Where(c => c is >= ' ' and <= '~').ToArray()).Trim();
        var bytes = System.Text.Encoding.ASCII.GetBytes($"RTSP/1.0 {code} {cleanReason}\r\nCSeq: 7\r\n\r\n");
        var buffer = new ReadOnlySequence<byte>(bytes);
        var ok = RtspStreamParser.TryReadMessage(ref buffer, out var message);
        return (ok && message!.StatusCode == code && message.CSeq == 7 && buffer.IsEmpty).ToProperty();
    }
}
