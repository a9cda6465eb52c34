using Nvr.Storage.Keys;

namespace Nvr.Storage.Tests.Keys;

public sealed class ObjectKeyParserTests
{
    [Fact]
    public void Parses_a_B10_segment_key()
    {
        var key = ObjectKeyParser.Parse("site-2/2022-11-08/camera-5/15/08-23.547Z.0.mp4");
        Assert.Equal("site-2", key.Prefix);
        Assert.Equal("camera-5", key.Postfix);
        Assert.Equal(new DateTimeOffset(2022, 11, 8, 15, 8, 23, 547, TimeSpan.Zero), key.Time);
        Assert.Equal(3, key.FractionDigits);
        Assert.Equal(0, key.Counter);
        Assert.Equal(SpanKind.Mp4, key.Kind);
        Assert.False(key.IsSpanEnd);
    }

    [Fact]
    public void Parses_a_B10_span_end_key()
    {
        var key = ObjectKeyParser.Parse("site-2/2022-11-08/camera-5/16/34-11.871Z.1020.m4m_end");
        Assert.Equal(SpanKind.CmafMetadata, key.Kind);
        Assert.True(key.IsSpanEnd);
        Assert.Equal(1020, key.Counter);
        Assert.Equal(new DateTimeOffset(2022, 11, 8, 16, 34, 11, 871, TimeSpan.Zero), key.Time);
    }

    [Theory]
    [InlineData("2022-11-08/15/08-23Z.0.mp4", null, null, 0, 0L)]
    [InlineData("2022-11-08/15/08-23.5Z.12.m4a", null, null, 1, 5_000_000L)]
    [InlineData("2022-11-08/15/08-23.123456Z.3.m4v", null, null, 6, 1_234_560L)]
    [InlineData("a/b/2022-11-08/15/08-23.1Z.3.m4v", "a/b", null, 1, 1_000_000L)]
    [InlineData("2022-11-08/c/d/15/08-23.1Z.3.m4v", null, "c/d", 1, 1_000_000L)]
    public void Accepts_what_the_ABNF_allows(string text, string? prefix, string? postfix, int digits, long fractionTicks)
    {
        var key = ObjectKeyParser.Parse(text);
        Assert.Equal(prefix, key.Prefix);
        Assert.Equal(postfix, key.Postfix);
        Assert.Equal(digits, key.FractionDigits);
        Assert.Equal(fractionTicks, key.Time.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void A_leap_second_is_read_as_the_next_minute()
    {
        var key = ObjectKeyParser.Parse("2016-12-31/23/59-60Z.0.mp4");
        Assert.Equal(new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), key.Time);
    }

    [Theory]
    [InlineData("2022-11-08/15/08-23.1234567Z.0.mp4")] // secfrac has at most 6 digits
    [InlineData("2022-11-08/15/08-23.Z.0.mp4")] // secfrac needs a digit
    [InlineData("2022-11-08/24/08-23Z.0.mp4")] // hour 00-23
    [InlineData("2022-11-08/15/60-23Z.0.mp4")] // minute 00-59
    [InlineData("2022-11-08/15/08-61Z.0.mp4")] // second 00-60
    [InlineData("2022-13-08/15/08-23Z.0.mp4")] // month 01-12
    [InlineData("2022-02-30/15/08-23Z.0.mp4")] // no such day
    [InlineData("2022-11-08/15/08-23.5.0.mp4")] // Z missing
    [InlineData("2022-11-08/15/08-23Z..mp4")] // counter = 1*DIGIT
    [InlineData("2022-11-08/15/08-23Z.-1.mp4")]
    [InlineData("2022-11-08/15/08-23Z.0.mkv")] // unknown extension
    [InlineData("2022-11-08/15/08-23Z.0.mp4_END")]
    [InlineData("15/08-23Z.0.mp4")] // no date
    [InlineData("/2022-11-08/15/08-23Z.0.mp4")] // empty prefix
    [InlineData("2022-11-08/5/08-23Z.0.mp4")] // hour has 2 digits
    public void Rejects_what_the_ABNF_does_not_allow(string text)
    {
        Assert.False(ObjectKeyParser.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ObjectKeyParser.Parse(text));
    }

    [Fact]
    public void Built_keys_parse_back_to_the_same_fields()
    {
        var random = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            var time = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)
                .AddTicks((long)(random.NextDouble() * TimeSpan.TicksPerDay * 365 * 40));
            var kind = (SpanKind)random.Next(4);
            long counter = random.Next(0, 100_000);
            string? prefix = random.Next(2) == 0 ? null : "site-" + random.Next(100);
            string? postfix = random.Next(2) == 0 ? null : "cam/" + random.Next(100);
            bool end = random.Next(2) == 0;
            var text = end
                ? ObjectKeyBuilder.SpanEnd(prefix, postfix, time, counter, kind)
                : ObjectKeyBuilder.Segment(prefix, postfix, time, counter, kind);
            var key = ObjectKeyParser.Parse(text);
            Assert.Equal(prefix, key.Prefix);
            Assert.Equal(postfix, key.Postfix);
            Assert.Equal(kind, key.Kind);
            Assert.Equal(end, key.IsSpanEnd);
            Assert.Equal(end ? counter + 1 : counter, key.Counter);
            var truncated = new DateTimeOffset(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            Assert.Equal(truncated, key.Time);
        }
    }
}
