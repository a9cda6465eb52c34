using Nvr.Pipeline.RtspServer;

namespace Nvr.Pipeline.Tests.Unit.Streaming;

/// <summary>The Streaming spec's utc-range (RFC 2326 clock=) and playback headers as the server reads them.</summary>
[Trait("Category", "Unit")]
public sealed class PlayRequestTests
{
    [Theory]
    [InlineData("20090615T114900.440Z", 2009, 6, 15, 11, 49, 0, 4_400_000)]
    [InlineData("20090615T114900Z", 2009, 6, 15, 11, 49, 0, 0)]
    [InlineData("20261202T062313.089999Z", 2026, 12, 2, 6, 23, 13, 899_990)]
    public void Clock_times_parse_to_UTC_with_their_fraction(string text, int year, int month, int day, int hour, int minute, int second, long fractionTicks)
    {
        Assert.True(PlayRequest.TryParseClock(text, out var utc));
        Assert.Equal(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fractionTicks), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("20090615 114900Z")]
    [InlineData("20090615T114900")]
    [InlineData("20091315T114900Z")]
    [InlineData("20090615T114900.Z")]
    [InlineData("20090615T114900.12345678901Z")]
    public void Malformed_clock_times_are_refused(string text) => Assert.False(PlayRequest.TryParseClock(text, out _));

    [Fact]
    public void Formatting_round_trips_to_the_millisecond()
    {
        var utc = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        Assert.Equal("20260102T030405.678Z", PlayRequest.FormatClock(utc));
        Assert.True(PlayRequest.TryParseClock(PlayRequest.FormatClock(utc), out var back));
        Assert.Equal(utc, back);
    }
}
