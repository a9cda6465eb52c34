using Nvr.Recording.Tests.Support;
using Nvr.Storage.Index;

namespace Nvr.Recording.Tests.Unit;

/// <summary>
/// Every completed segment carries its tracks' codec parameters for the recorded-range index, in track order: the
/// writer's track setup (H.264 size from the SPS, G.711 rate and channels) and the frame rate of the samples
/// written (the clip: 25 fps), the same for every segment of the span.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class SegmentParametersTests(MediaFixture media)
{
    [Fact]
    public void Each_segment_names_the_codec_size_frame_rate_and_sample_rate_of_its_tracks()
    {
        var clip = H264Clip.Load(media.VideoOnlyAnnexB);
        var feeder = new ClipFeeder(clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) }, withAudio: true);
        feeder.Feed(250);
        feeder.Stop();

        var sps = Nvr.Codecs.H264.H264SpsParser.Parse(clip.Sps);
        var video = new TrackParameters(TrackCodecs.H264, sps.Width, sps.Height, 25);
        var audio = new TrackParameters(TrackCodecs.Pcmu, SampleRate: 8000, Channels: 1, BitrateKbps: 64);
        Assert.True(feeder.Segments.Count >= 4, $"{feeder.Segments.Count} segments");
        Assert.Equal((640, 360), (sps.Width, sps.Height));
        Assert.All(feeder.Segments, s =>
        {
            Assert.Equal(["VIDEO001", "AUDIO001"], s.Tracks);
            Assert.Equal([video, audio], s.Parameters!);
        });
    }
}
