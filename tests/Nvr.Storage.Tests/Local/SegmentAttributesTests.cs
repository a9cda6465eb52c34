using Nvr.Storage.Sinks;

namespace Nvr.Storage.Tests.Local;

public sealed class SegmentAttributesTests
{
    [Fact]
    public void All_table_B1_attributes_are_written_with_their_formats()
    {
        var attributes = new SegmentAttributes
        {
            Source = "cam-1",
            EventTopic = "tns1:VideoSource/MotionAlarm",
            Duration = TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(40),
            FullContentType = "video/mp4; codecs=\"hvc1.1.6.L93.B0,mp4a.40.2\"",
            VideoChannel = "v0",
            VideoBitrate = 2000,
            VideoWidth = 1920,
            VideoHeight = 1080,
            VideoFramerate = 29.97,
            AudioChannel = "a0",
            AudioBitrate = 64,
            AudioSampleRate = 48,
        };

        Assert.Equal(
            [
                ("Version", "1.0"), ("Source", "cam-1"), ("EventTopic", "tns1:VideoSource/MotionAlarm"), ("Duration", "PT1M0.04S"),
                ("FullContentType", "video/mp4; codecs=\"hvc1.1.6.L93.B0,mp4a.40.2\""), ("VideoChannel", "v0"), ("VideoBitrate", "2000"),
                ("VideoWidth", "1920"), ("VideoHeight", "1080"), ("VideoFramerate", "29.97"), ("AudioChannel", "a0"),
                ("AudioBitrate", "64"), ("AudioSampleRate", "48"),
            ],
            attributes.ToPairs().Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Unset_attributes_are_omitted_and_Version_is_always_present()
        => Assert.Equal([("Version", "1.0")], new SegmentAttributes().ToPairs().Select(p => (p.Key, p.Value)));

    [Theory]
    [InlineData("video/mp4", "avc1.640028,mp4a.40.2", "video/mp4; codecs=\"avc1.640028,mp4a.40.2\"")]
    [InlineData("audio/mp4", "", "audio/mp4")]
    [InlineData("application/mp4", null, "application/mp4")]
    public void Content_type_carries_the_RFC6381_codecs_parameter(string mediaType, string? codecs, string expected)
        => Assert.Equal(expected, MediaContentType.WithCodecs(mediaType, codecs));

    [Fact]
    public void Storage_tokens_map_to_distinct_spool_directories()
    {
        Assert.Equal("cloud-1", StorageSinkFactory.SafeDirectoryName("cloud-1"));
        Assert.NotEqual(StorageSinkFactory.SafeDirectoryName("a/b"), StorageSinkFactory.SafeDirectoryName("a_b"));
        Assert.DoesNotContain('/', StorageSinkFactory.SafeDirectoryName("../x"));
    }
}
