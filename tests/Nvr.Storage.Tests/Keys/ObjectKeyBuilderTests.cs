using System.Globalization;
using Nvr.Storage.Keys;

namespace Nvr.Storage.Tests.Keys;

public sealed class ObjectKeyBuilderTests
{
    private static DateTimeOffset Utc(string text)
        => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    [Theory]
    [InlineData(SpanKind.Mp4, "2022-11-08T15:08:23.547", "site-2/2022-11-08/camera-5/15/08-23.547Z.0.mp4")]
    [InlineData(SpanKind.CmafVideo, "2022-11-08T15:08:23.547", "site-2/2022-11-08/camera-5/15/08-23.547Z.0.m4v")]
    [InlineData(SpanKind.CmafAudio, "2022-11-08T15:08:23.989", "site-2/2022-11-08/camera-5/15/08-23.989Z.0.m4a")]
    [InlineData(SpanKind.CmafMetadata, "2022-11-08T15:08:23.692", "site-2/2022-11-08/camera-5/15/08-23.692Z.0.m4m")]
    public void Segment_keys_match_the_B10_examples(SpanKind kind, string firstSample, string expected)
        => Assert.Equal(expected, ObjectKeyBuilder.Segment("site-2", "camera-5", Utc(firstSample), 0, kind));

    [Theory]
    [InlineData(SpanKind.Mp4, 85, "2022-11-08T16:34:11.421", "site-2/2022-11-08/camera-5/16/34-11.421Z.85.mp4_end")]
    [InlineData(SpanKind.CmafVideo, 1020, "2022-11-08T16:34:11.421", "site-2/2022-11-08/camera-5/16/34-11.421Z.1020.m4v_end")]
    [InlineData(SpanKind.CmafAudio, 1020, "2022-11-08T16:34:11.779", "site-2/2022-11-08/camera-5/16/34-11.779Z.1020.m4a_end")]
    [InlineData(SpanKind.CmafMetadata, 1020, "2022-11-08T16:34:11.871", "site-2/2022-11-08/camera-5/16/34-11.871Z.1020.m4m_end")]
    public void Span_end_keys_match_the_B10_examples(SpanKind kind, int segmentCount, string end, string expected)
    {
        // A span of N segments has counters 0..N-1; the end object's counter is the last one plus 1 = N.
        Assert.Equal(expected, ObjectKeyBuilder.SpanEnd("site-2", "camera-5", Utc(end), segmentCount - 1, kind));
    }

    [Fact]
    public void Prefix_and_postfix_are_optional()
    {
        var t = Utc("2024-02-29T00:00:00");
        Assert.Equal("2024-02-29/00/00-00.000Z.7.mp4", ObjectKeyBuilder.Segment(null, "", t, 7, SpanKind.Mp4));
        Assert.Equal("a/b/2024-02-29/00/00-00.000Z.7.m4a", ObjectKeyBuilder.Segment("a/b", null, t, 7, SpanKind.CmafAudio));
        Assert.Equal("2024-02-29/cam/00/00-00.000Z.7.m4v", ObjectKeyBuilder.Segment(null, "cam", t, 7, SpanKind.CmafVideo));
    }

    [Fact]
    public void Time_is_converted_to_utc_and_milliseconds_are_truncated_not_rounded()
    {
        var local = new DateTimeOffset(2022, 11, 8, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(9_999_999);
        Assert.Equal("2022-11-08/21/59-59.999Z.0.mp4", ObjectKeyBuilder.Segment(null, null, local, 0, SpanKind.Mp4));
    }

    [Theory]
    [InlineData("/lead")]
    [InlineData("trail/")]
    [InlineData("a//b")]
    public void Malformed_prefix_is_rejected(string prefix)
        => Assert.Throws<ArgumentException>(() => ObjectKeyBuilder.Segment(prefix, null, DateTimeOffset.UnixEpoch, 0, SpanKind.Mp4));

    [Fact]
    public void Negative_counter_is_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => ObjectKeyBuilder.Segment(null, null, DateTimeOffset.UnixEpoch, -1, SpanKind.Mp4));

    [Fact]
    public void Keys_of_one_span_sort_in_time_order()
    {
        var start = Utc("2022-11-08T15:08:23.547");
        var keys = Enumerable.Range(0, 50)
            .Select(i => ObjectKeyBuilder.Segment("p", "q", start.AddMilliseconds(i * 997.3), i, SpanKind.Mp4))
            .ToList();
        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
    }
}
