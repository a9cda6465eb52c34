using Nvr.Storage.Index;

namespace Nvr.Storage.Tests.Index;

/// <summary>The search service's index queries: their answers, and SQLite's plan proving they are index lookups.</summary>
[Trait("Category", "Unit")]
[Collection(PostgreSqlIndexCollection.Name)]
public sealed class RecordedRangeQueryTests(PostgreSqlServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void Extents_and_windowed_ranges_come_from_the_rows_of_the_track(string backend)
    {
        using var store = new IndexStore(backend, server);
        using var index = store.Open();
        index.AddMany(Enumerable.Range(0, 100).Select(i => Segment("rec-1", "video", i * 10, i * 10 + 10)));
        index.Add(Segment("rec-1", "audio", 5, 15));
        index.Add(Segment("rec-2", "video", 2000, 2010));

        Assert.Equal(new TrackExtent(T0, T0.AddSeconds(1000)), index.GetTrackExtent("rec-1", "video"));
        Assert.Equal(new TrackExtent(T0.AddSeconds(5), T0.AddSeconds(15)), index.GetTrackExtent("rec-1", "audio"));
        Assert.Null(index.GetTrackExtent("rec-1", "metadata"));

        // [95 s, 125 s]: the segment covering 95 s and those starting up to 125 s
        Assert.Equal(
            [(T0.AddSeconds(90), T0.AddSeconds(100)), (T0.AddSeconds(100), T0.AddSeconds(110)), (T0.AddSeconds(110), T0.AddSeconds(120)), (T0.AddSeconds(120), T0.AddSeconds(130))],
            index.GetRangesBetween("rec-1", "video", T0.AddSeconds(95), T0.AddSeconds(125)));
        Assert.Single(index.GetRangesBetween("rec-1", "video", T0.AddSeconds(42), T0.AddSeconds(42)));
        Assert.Empty(index.GetRangesBetween("rec-1", "video", T0.AddSeconds(1001), T0.AddSeconds(2000)));
        Assert.Empty(index.GetRangesBetween("rec-1", "audio", T0.AddSeconds(16), T0.AddSeconds(20)));
    }

    [Fact]
    public void The_search_queries_are_index_searches_never_table_scans()
    {
        using var store = new IndexStore(IndexStore.Sqlite, server);
        using var index = store.Open();
        var extent = index.ExplainQueryPlan(RecordedRangeIndex.TrackExtentSql, ("$r", "rec-1"), ("$t", "video"));
        var ranges = index.ExplainQueryPlan(RecordedRangeIndex.RangesBetweenSql, ("$r", "rec-1"), ("$t", "video"), ("$from", 0L), ("$to", 1L));

        foreach (var plan in new[] { extent, ranges })
        {
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN segment_ranges", StringComparison.Ordinal)); // "SCAN CONSTANT ROW" is the outer SELECT of two subqueries
            Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains("INDEX", StringComparison.Ordinal));
        }

        Assert.Contains(extent, step => step.Contains("ix_ranges_track_end", StringComparison.Ordinal));
        Assert.Contains(extent, step => step.Contains("ix_ranges_track ", StringComparison.Ordinal));
    }

    private static RecordedSegment Segment(string recording, string track, int from, int to) =>
        new(recording, track, T0.AddSeconds(from), T0.AddSeconds(to), "local", $"{recording}/{from}.mp4", 1000, false);
}
