using Nvr.Storage.Index;

namespace Nvr.Storage.Tests.Index;

/// <summary>
/// PostgreSQL's plans for the index's read queries: on an analysed table of 40,000 segment rows (100 recordings),
/// 10,000 events and 2,000 parameter rows, each one is an index scan on the index SQLite uses, never a sequential
/// scan (SQLite's plans: the *IndexTests and RecordedRangeQueryTests).
/// </summary>
[Trait("Category", "Unit")]
[Collection(PostgreSqlIndexCollection.Name)]
public sealed class PostgreSqlIndexPlanTests(PostgreSqlServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_search_query_is_an_index_scan_on_PostgreSQL()
    {
        using var store = new IndexStore(IndexStore.PostgreSql, server);
        using var index = store.Open();
        var recordings = Enumerable.Range(0, 100).Select(r => $"rec-{r}").ToList();
        index.AddMany(recordings.SelectMany(r => new[] { "video", "audio" }.SelectMany(t => Enumerable.Range(0, 200).Select(i =>
            new RecordedSegment(r, t, T0.AddSeconds(i * 10), T0.AddSeconds(i * 10 + 10), "local", $"{r}/{i}.mp4", 1000, false)))));
        foreach (var r in recordings)
        {
            index.AddEvents([.. Enumerable.Range(0, 100).Select(i => new RecordedEvent(r, "META001", T0.AddSeconds(i * 20), "tns1:RuleEngine/CellMotionDetector/Motion",
                i % 3 == 0 ? null : "Changed", [new("Rule", "R1")], [new("IsMotion", (i % 2 == 0).ToString())]))]);
            for (var i = 0; i < 20; i++)
            {
                index.AddTrackParameters(new TrackParametersChange(r, "video", T0.AddMinutes(i), new TrackParameters(TrackCodecs.H264, Width: 640 + (i % 2 * 640), Height: 480)));
            }
        }

        PostgreSqlServer.Scalar(store.Location.PostgreSqlConnectionString!, "ANALYZE");
        var at = T0.AddMinutes(10).UtcTicks;
        var plans = new Dictionary<string, (IReadOnlyList<string> Plan, string Index)>
        {
            ["extent"] = (index.ExplainQueryPlan(RecordedRangeIndex.TrackExtentSql, ("$r", "rec-7"), ("$t", "video")), "ix_ranges_track"),
            ["ranges"] = (index.ExplainQueryPlan(RecordedRangeIndex.RangesBetweenSql, ("$r", "rec-7"), ("$t", "video"), ("$from", at), ("$to", at + TimeSpan.TicksPerMinute)), "ix_ranges_track"),
            ["parameters"] = (index.ExplainQueryPlan(RecordedRangeIndex.TrackParametersAtSql, ("$r", "rec-7"), ("$t", "video"), ("$at", at)), "ix_attributes_track"),
            ["events"] = (index.ExplainQueryPlan(RecordedRangeIndex.EventsBetweenSql, ("$r", "rec-7"), ("$from", at), ("$to", at + TimeSpan.TicksPerMinute), ("$limit", 10)), "ix_events_recording"),
            ["states"] = (index.ExplainQueryPlan(RecordedRangeIndex.EventStatesAtSql, ("$r", "rec-7"), ("$at", at)), "ix_events_recording"),
        };

        foreach (var (name, (plan, used)) in plans)
        {
            var text = string.Join('\n', plan);
            Assert.False(text.Contains("Seq Scan", StringComparison.Ordinal), $"{name}:\n{text}");
            Assert.True(text.Contains($" using {used} ", StringComparison.Ordinal) || text.Contains($" on {used}", StringComparison.Ordinal), $"{name}:\n{text}");
        }

        Assert.Contains("ix_ranges_track_end", string.Join('\n', plans["extent"].Plan), StringComparison.Ordinal); // MAX(end) is a seek too
    }
}
