using Nvr.Storage.Index;

namespace Nvr.Storage.Tests.Index;

/// <summary>
/// The index's recorded_events table: camera events of metadata tracks kept across reopening with their items, read
/// by time window in time order (an index search), and removed with the data retention deletes.
/// </summary>
[Trait("Category", "Unit")]
[Collection(PostgreSqlIndexCollection.Name)]
public sealed class RecordedEventsIndexTests(PostgreSqlServer server)
{
    private const string Motion = "tns1:RuleEngine/CellMotionDetector/Motion";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static RecordedEvent Event(string recording, string track, DateTimeOffset at, string? operation, string value) =>
        new(recording, track, at, Motion, operation, [new("VideoSourceConfigurationToken", "VSC1"), new("Rule", "a \"quoted\" <rule> ü")], [new("IsMotion", value)]);

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void Events_survive_reopening_and_are_read_by_window_in_time_order_with_their_items(string backend)
    {
        using var store = new IndexStore(backend, server);
        using (var index = store.Open())
        {
            // stored out of order (two tracks, two recordings); one momentary event without an operation
            index.AddEvents([Event("rec-1", "META001", T0.AddSeconds(20), "Changed", "false"), Event("rec-1", "META001", T0.AddSeconds(10), "Changed", "true")]);
            index.AddEvents([Event("rec-1", "META002", T0.AddSeconds(10), null, "true"), Event("rec-2", "META001", T0.AddSeconds(15), "Initialized", "true")]);
        }

        using var reopened = store.Open();
        var all = reopened.GetEventsBetween("rec-1", T0, T0.AddMinutes(1));
        Assert.Equal(
            [(T0.AddSeconds(10), "META001", "Changed"), (T0.AddSeconds(10), "META002", null), (T0.AddSeconds(20), "META001", "Changed")],
            all.Select(e => (e.Utc, e.Track, e.PropertyOperation)));
        Assert.Equal(Event("rec-1", "META001", T0.AddSeconds(10), "Changed", "true").Source, all[0].Source);
        Assert.Equal([new RecordedEventItem("IsMotion", "true")], all[0].Data);
        Assert.Equal(Motion, all[0].Topic);

        // both ends inclusive; the limit keeps the oldest
        Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(10)], reopened.GetEventsBetween("rec-1", T0.AddSeconds(10), T0.AddSeconds(19)).Select(e => e.Utc));
        Assert.Equal([T0.AddSeconds(20)], reopened.GetEventsBetween("rec-1", T0.AddSeconds(11), T0.AddSeconds(20)).Select(e => e.Utc));
        Assert.Single(reopened.GetEventsBetween("rec-1", T0, T0.AddMinutes(1), limit: 1));
        Assert.Single(reopened.GetEventsBetween("rec-2", T0, T0.AddMinutes(1)));
        Assert.Empty(reopened.GetEventsBetween("rec-3", T0, T0.AddMinutes(1)));
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void Removing_a_deleted_range_removes_only_that_tracks_events_inside_it(string backend)
    {
        using var store = new IndexStore(backend, server);
        using var index = store.Open();
        index.AddEvents([
            Event("rec-1", "META001", T0, "Changed", "true"), Event("rec-1", "META001", T0.AddSeconds(10), "Changed", "false"),
            Event("rec-1", "META002", T0.AddSeconds(5), "Changed", "true"), Event("rec-2", "META001", T0.AddSeconds(5), "Changed", "true")]);

        Assert.Equal(1, index.RemoveEvents("rec-1", "META001", T0, T0.AddSeconds(10))); // [start, end): the event at the end stays
        Assert.Equal([(T0.AddSeconds(5), "META002"), (T0.AddSeconds(10), "META001")], index.GetEventsBetween("rec-1", T0, T0.AddMinutes(1)).Select(e => (e.Utc, e.Track)));
        Assert.Single(index.GetEventsBetween("rec-2", T0, T0.AddMinutes(1)));
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void The_state_of_each_camera_property_at_a_time_is_its_latest_event_up_to_then(string backend)
    {
        using var store = new IndexStore(backend, server);
        using var index = store.Open();
        RecordedEvent Door(DateTimeOffset at, string input, string? operation, string state) =>
            new("rec-1", "META001", at, "tns1:Device/Trigger/DigitalInput", operation, [new("InputToken", input)], [new("LogicalState", state)]);
        index.AddEvents([
            Door(T0, "DI1", "Initialized", "false"), Door(T0.AddSeconds(5), "DI1", "Changed", "true"), Door(T0.AddSeconds(9), "DI1", "Changed", "false"),
            Door(T0.AddSeconds(2), "DI2", "Changed", "true"), Door(T0.AddSeconds(3), "DI2", "Deleted", "true"),
            Door(T0.AddSeconds(4), "DI3", null, "true"), // momentary: no state
            Event("rec-1", "META001", T0.AddSeconds(1), "Changed", "true"), Event("rec-2", "META001", T0.AddSeconds(1), "Changed", "true")]);

        Assert.Equal(
            [(T0.AddSeconds(1), "tns1:RuleEngine/CellMotionDetector/Motion", "true"), (T0.AddSeconds(5), "tns1:Device/Trigger/DigitalInput", "true")],
            index.GetEventStatesAt("rec-1", T0.AddSeconds(8)).Select(e => (e.Utc, e.Topic, e.Data[0].Value)));
        Assert.Equal(
            [("DI1", "false", "Initialized"), ("VSC1", "true", "Changed"), ("DI2", "true", "Changed")], // DI2 not deleted yet at 2.5 s
            index.GetEventStatesAt("rec-1", T0.AddSeconds(2.5)).Select(e => (e.Source[0].Value, e.Data[0].Value, e.PropertyOperation)));
        Assert.Empty(index.GetEventStatesAt("rec-1", T0.AddTicks(-1)));
        if (backend == IndexStore.Sqlite) // PostgreSQL plans on a few rows are sequential scans: PostgreSqlIndexPlanTests loads enough rows
        {
            var plan = index.ExplainQueryPlan(RecordedRangeIndex.EventStatesAtSql, ("$r", "rec-1"), ("$at", 0L));
            Assert.Contains(plan, step => step.Contains("ix_events_recording", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_window_of_events_is_an_index_search()
    {
        using var store = new IndexStore(IndexStore.Sqlite, server);
        using var index = store.Open();
        var plan = index.ExplainQueryPlan(RecordedRangeIndex.EventsBetweenSql, ("$r", "rec-1"), ("$from", 0L), ("$to", 1L), ("$limit", 10));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains("ix_events_recording", StringComparison.Ordinal));
    }
}
