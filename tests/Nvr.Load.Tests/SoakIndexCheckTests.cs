using Nvr.Load.Soak;

namespace Nvr.Load.Tests;

/// <summary>The soak's judge of the index: storage runs (gaps ≤ 1 s joined), one span per run, and the comparison that caught the unindexed recovered segment.</summary>
[Trait("Category", "Unit")]
public sealed class SoakIndexCheckTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_ending_with_a_recovered_segment_the_index_lacks_is_a_difference()
    {
        var segments = new[]
        {
            Segment(0, 0, 2.64), Segment(2.64, 1, 2.64), Segment(5.28, 2, 1.0, recovered: true), // span before the kill
            Segment(11, 0, 2.64), // the new span after the restart
        };
        var runs = IndexCheck.StorageRuns(segments, T0.AddSeconds(10));
        var run = Assert.Single(runs);
        Assert.Equal((T0, T0.AddSeconds(6.28), true), (run.Start, run.End, run.EndsRecovered));
        Assert.Empty(IndexCheck.SpanViolations("REC0001", runs));

        Assert.Empty(IndexCheck.Compare("REC0001", [(T0.AddTicks(5000), T0.AddSeconds(6.28).AddMilliseconds(30))], runs));
        var missing = Assert.Single(IndexCheck.Compare("REC0001", [(T0.AddTicks(5000), T0.AddSeconds(5.28))], runs));
        Assert.Contains("recovered", missing, StringComparison.Ordinal);
        Assert.Single(IndexCheck.Compare("REC0001", [], runs));
    }

    [Fact]
    public void A_run_whose_counters_do_not_restart_at_zero_is_not_one_span()
    {
        var runs = IndexCheck.StorageRuns([Segment(0, 3, 2), Segment(2, 4, 2)], T0.AddMinutes(1));
        Assert.Single(IndexCheck.SpanViolations("REC0002", runs));
    }

    private static CheckedSegment Segment(double start, long counter, double seconds, bool recovered = false) =>
        new(ObjectPlace.Local, $"soak/2026-12-02/cam-0/12/{start:F3}.{counter}.mp4", 1000, "hash", T0.AddSeconds(start), T0.AddSeconds(start + seconds), counter, recovered);
}
