using Nvr.Pipeline.Media;
using Nvr.Pipeline.Packetizers;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Unit;

/// <summary>Depacketizing RTP captured from the GStreamer RTSP server (see Fixtures/README.md).</summary>
[Trait("Category", "Unit")]
public sealed class CapturedFixtureTests
{
    [Fact]
    public void H264_and_AAC_capture_gives_complete_units()
    {
        var replay = new FixtureReplay("gstreamer-h264-aac");
        replay.Run();
        var video = replay.UnitsOf(MediaKind.Video);
        var audio = replay.UnitsOf(MediaKind.Audio);

        Assert.True(video.Count >= 2, $"only {video.Count} video units");
        Assert.True(video[0].IsKeyframe);
        // rtph264pay config-interval=-1 sends SPS and PPS in-band before the IDR; they match the SDP's sprop.
        var nalTypes = video[0].Nals.Select(n => H264Nal.Type(n[0])).ToList();
        Assert.Contains(7, nalTypes);
        Assert.Contains(8, nalTypes);
        Assert.Contains(5, nalTypes);
        Assert.All(video, u => Assert.Equal(1, u.Nals.Count(n => H264Nal.IsSlice(H264Nal.Type(n[0])))));
        Assert.All(video.Zip(video.Skip(1)), p => Assert.Equal(3600, p.Second.RtpTimestamp - p.First.RtpTimestamp));

        Assert.True(audio.Count >= 10);
        // GStreamer rounds each frame's PTS to the RTP clock, so the 1024-sample step shows ±1 jitter.
        Assert.All(audio.Zip(audio.Skip(1)), p => Assert.InRange(p.Second.RtpTimestamp - p.First.RtpTimestamp, 1023, 1025));
        Assert.All(audio, u => Assert.Single(u.Nals));
        // AAC-LC raw_data_block of a channel pair starts with the CPE element id (1) in its top 3 bits.
        Assert.All(audio, u => Assert.Equal(1, u.Nals[0][0] >> 5));

        Assert.All(replay.Receivers, r => Assert.Equal(0, r.Depacketizer.Counters.DroppedUnits));
        Assert.All(replay.Receivers, r => Assert.Equal(0, r.Depacketizer.Counters.MalformedPackets));
        var sps = video[0].Nals.First(n => H264Nal.Type(n[0]) == H264Nal.Sps);
        Assert.Equal(sps, replay.Description.Streams[0].ParameterSets.Sps);
    }

    [Fact]
    public void H265_capture_gives_complete_units_with_parameter_sets()
    {
        var replay = new FixtureReplay("gstreamer-h265-aac");
        replay.Run();
        var video = replay.UnitsOf(MediaKind.Video);
        Assert.True(video.Count >= 2);
        Assert.True(video[0].IsKeyframe);
        var types = video[0].Nals.Select(n => H265Nal.Type(n[0])).ToList();
        Assert.Contains(32, types);
        Assert.Contains(33, types);
        Assert.Contains(34, types);
        Assert.True(replay.Description.Streams[0].ParameterSets.IsCompleteFor(MediaCodec.H265));
        Assert.All(video.Skip(1), u => Assert.False(u.IsKeyframe));
        Assert.All(replay.Receivers, r => Assert.Equal(0, r.Depacketizer.Counters.DroppedUnits));
    }

    [Fact]
    public void B_frame_and_PCMU_capture()
    {
        var replay = new FixtureReplay("gstreamer-h264-bframes-pcmu");
        replay.Run();
        var video = replay.UnitsOf(MediaKind.Video);
        var audio = replay.UnitsOf(MediaKind.Audio);
        Assert.True(video[0].IsKeyframe);
        Assert.Contains(video.Zip(video.Skip(1)), p => p.Second.RtpTimestamp < p.First.RtpTimestamp);
        Assert.NotEmpty(audio);
        Assert.All(audio, u => Assert.Equal(MediaCodec.Pcmu, u.Codec));
        // G.711 at 8 kHz: one byte per sample, so the timestamp advances by the previous packet's size.
        Assert.All(audio.Zip(audio.Skip(1)), p => Assert.Equal(p.First.Nals[0].Length, p.Second.RtpTimestamp - p.First.RtpTimestamp));
    }

    [Theory]
    [InlineData("gstreamer-h264-aac", 1400)]
    [InlineData("gstreamer-h264-aac", 200)]
    [InlineData("gstreamer-h265-aac", 1400)]
    [InlineData("gstreamer-h265-aac", 100)]
    [InlineData("gstreamer-h264-video-only", 500)]
    public void Packetizer_and_depacketizer_are_symmetric(string fixture, int mtu)
    {
        var replay = new FixtureReplay(fixture);
        replay.Run();
        var original = replay.UnitsOf(MediaKind.Video);
        var stream = replay.Description.Streams[0];
        var packets = Repacketize.Units(original, new NalPacketizer(stream.Codec, stream.PayloadType, 0x1234, mtu, 65000));

        var again = new FixtureReplay(fixture);
        foreach (var packet in packets)
        {
            again.Receivers[0].OnRtp(packet);
        }

        Repacketize.AssertSameUnits(original, again.UnitsOf(MediaKind.Video));
    }

    [Fact]
    public void AAC_packetizer_is_symmetric_including_fragmented_frames()
    {
        var replay = new FixtureReplay("gstreamer-h264-aac");
        replay.Run();
        var original = replay.UnitsOf(MediaKind.Audio);
        var stream = replay.Description.Streams[1];
        var packets = Repacketize.Units(original, new FramePacketizer(MediaCodec.Aac, stream.PayloadType, 7, 120));
        Assert.True(packets.Count > original.Count, "small MTU must fragment frames");

        var again = new FixtureReplay("gstreamer-h264-aac");
        foreach (var packet in packets)
        {
            again.Receivers[1].OnRtp(packet);
        }

        Repacketize.AssertSameUnits(original, again.UnitsOf(MediaKind.Audio));
    }
}
