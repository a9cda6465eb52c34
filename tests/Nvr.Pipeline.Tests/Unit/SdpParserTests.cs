using Nvr.Pipeline.Media;
using Nvr.Pipeline.Sdp;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class SdpParserTests
{
    [Fact]
    public void GStreamer_SDP_gives_codecs_controls_and_parameter_sets()
    {
        var text = File.ReadAllText(RtpDump.FixturePath("gstreamer-h264-aac.sdp"));
        var sdp = SdpParser.Parse(text, new Uri("rtsp://127.0.0.1:8554/h264?cam=1"));
        Assert.Equal(2, sdp.Streams.Count);
        var video = sdp.Streams[0];
        Assert.Equal((MediaKind.Video, MediaCodec.H264, 96, 90000), (video.Kind, video.Codec, video.PayloadType, video.ClockRate));
        Assert.Equal(new Uri("rtsp://127.0.0.1:8554/h264/stream=0?cam=1"), video.ControlUri);
        Assert.Equal(0x67, video.ParameterSets.Sps![0]);
        Assert.Equal(0x68, video.ParameterSets.Pps![0]);
        var audio = sdp.Streams[1];
        Assert.Equal((MediaKind.Audio, MediaCodec.Aac, 48000, 2), (audio.Kind, audio.Codec, audio.ClockRate, audio.Channels));
        Assert.Equal(new byte[] { 0x11, 0x90, 0x56, 0xE5, 0x00 }, audio.AacConfig);
        Assert.Equal(new Uri("rtsp://127.0.0.1:8554/h264?cam=1"), sdp.AggregateControlUri);
    }

    [Fact]
    public void H265_sprop_sets_and_static_payload_types()
    {
        var h265 = SdpParser.Parse(File.ReadAllText(RtpDump.FixturePath("gstreamer-h265-aac.sdp")), new Uri("rtsp://h/x"));
        Assert.True(h265.Streams[0].ParameterSets.IsCompleteFor(MediaCodec.H265));
        const string camera = "v=0\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:rtsp://10.0.0.2/live/track1\r\nm=audio 0 RTP/AVP 0\r\na=control:track2\r\nm=application 0 RTP/AVP 107\r\na=rtpmap:107 vnd.onvif.metadata/90000\r\na=control:track3\r\n";
        var sdp = SdpParser.Parse(camera, new Uri("rtsp://10.0.0.2/live"));
        Assert.Equal(new Uri("rtsp://10.0.0.2/live/track1"), sdp.Streams[0].ControlUri);
        Assert.Equal((MediaCodec.Pcmu, 8000, "PCMU"), (sdp.Streams[1].Codec, sdp.Streams[1].ClockRate, sdp.Streams[1].EncodingName));
        Assert.Equal(new Uri("rtsp://10.0.0.2/live/track2"), sdp.Streams[1].ControlUri);
        Assert.Equal((MediaKind.Metadata, MediaCodec.OnvifMetadata), (sdp.Streams[2].Kind, sdp.Streams[2].Codec));
    }

    [Theory]
    [InlineData("v=0\r\nm=video 0 RTP/AVP\r\n")]
    [InlineData("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/0\r\n")]
    [InlineData("v=0\r\nm=video 0 RTP/AVP 96\r\n")]
    [InlineData("garbage")]
    [InlineData("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 sprop-parameter-sets=!!!\r\n")]
    public void Malformed_SDP_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => SdpParser.Parse(text, new Uri("rtsp://h/x")));
    }
}
