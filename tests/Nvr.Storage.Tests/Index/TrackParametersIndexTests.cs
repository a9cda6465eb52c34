using Nvr.Storage.Index;

namespace Nvr.Storage.Tests.Index;

/// <summary>The index's track_attributes table: a row per change of parameters, the parameters in force at a time, by an index seek.</summary>
[Trait("Category", "Unit")]
[Collection(PostgreSqlIndexCollection.Name)]
public sealed class TrackParametersIndexTests(PostgreSqlServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TrackParameters Hd = new(TrackCodecs.H264, Width: 1280, Height: 720, FrameRate: 25);
    private static readonly TrackParameters FullHd = new(TrackCodecs.H265, Width: 1920, Height: 1080, FrameRate: 29.97);
    private static readonly TrackParameters Ulaw = new(TrackCodecs.Pcmu, SampleRate: 8000, Channels: 1, BitrateKbps: 64);

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void Unchanged_parameters_add_no_row_and_the_parameters_in_force_at_a_time_survive_reopening(string backend)
    {
        using var store = new IndexStore(backend, server);
        using (var index = store.Open())
        {
            // segments of 10 s: three with 720p H.264, then two with 1080p H.265, then 720p again
            var added = new List<bool>();
            for (var i = 0; i < 6; i++)
            {
                added.Add(index.AddTrackParameters(new TrackParametersChange("rec-1", "VIDEO001", T0.AddSeconds(i * 10), i is 3 or 4 ? FullHd : Hd)));
            }

            Assert.Equal([true, false, false, true, false, true], added);
            Assert.True(index.AddTrackParameters(new TrackParametersChange("rec-1", "AUDIO001", T0, Ulaw)));
            Assert.False(index.AddTrackParameters(new TrackParametersChange("rec-1", "AUDIO001", T0.AddSeconds(10), Ulaw)));
        }

        using var reopened = store.Open();
        Assert.Equal(
            [new TrackParametersChange("rec-1", "VIDEO001", T0, Hd), new("rec-1", "VIDEO001", T0.AddSeconds(30), FullHd), new("rec-1", "VIDEO001", T0.AddSeconds(50), Hd)],
            reopened.GetTrackParameterChanges("rec-1", "VIDEO001"));
        Assert.Null(reopened.GetTrackParametersAt("rec-1", "VIDEO001", T0.AddTicks(-1)));
        Assert.Equal(Hd, reopened.GetTrackParametersAt("rec-1", "VIDEO001", T0)!.Parameters);
        Assert.Equal(Hd, reopened.GetTrackParametersAt("rec-1", "VIDEO001", T0.AddSeconds(30).AddTicks(-1))!.Parameters);
        Assert.Equal(FullHd, reopened.GetTrackParametersAt("rec-1", "VIDEO001", T0.AddSeconds(30))!.Parameters);
        Assert.Equal(FullHd, reopened.GetTrackParametersAt("rec-1", "VIDEO001", T0.AddSeconds(49))!.Parameters);
        Assert.Equal(Hd, reopened.GetTrackParametersAt("rec-1", "VIDEO001", T0.AddDays(1))!.Parameters);
        Assert.Equal(new TrackParametersChange("rec-1", "AUDIO001", T0, Ulaw), reopened.GetTrackParametersAt("rec-1", "AUDIO001", T0.AddSeconds(15)));
        Assert.Null(reopened.GetTrackParametersAt("rec-2", "VIDEO001", T0.AddSeconds(15)));
        Assert.Null(reopened.GetTrackParametersAt("rec-1", "METADATA001", T0.AddSeconds(15)));
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void Unknown_values_are_stored_as_absent_and_a_later_known_value_is_a_change(string backend)
    {
        using var store = new IndexStore(backend, server);
        using var index = store.Open();
        var aac = new TrackParameters(TrackCodecs.Aac, SampleRate: 48000, Channels: 2);
        index.AddTrackParameters(new TrackParametersChange("rec-1", "AUDIO001", T0, aac));
        Assert.Equal(aac, index.GetTrackParametersAt("rec-1", "AUDIO001", T0)!.Parameters);
        Assert.Null(index.GetTrackParametersAt("rec-1", "AUDIO001", T0)!.Parameters.BitrateKbps);
        Assert.True(index.AddTrackParameters(new TrackParametersChange("rec-1", "AUDIO001", T0.AddSeconds(3), aac with { BitrateKbps = 96 })));
        Assert.Equal(2, index.GetTrackParameterChanges("rec-1", "AUDIO001").Count);
    }

    [Fact]
    public void The_parameters_in_force_are_found_by_an_index_search()
    {
        using var store = new IndexStore(IndexStore.Sqlite, server);
        using var index = store.Open();
        var plan = index.ExplainQueryPlan(RecordedRangeIndex.TrackParametersAtSql, ("$r", "rec-1"), ("$t", "VIDEO001"), ("$at", 0L));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains("ix_attributes_track", StringComparison.Ordinal));
    }
}
