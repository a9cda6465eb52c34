using Nvr.Storage.Index;

namespace Nvr.Storage.Tests.Index;

[Collection(PostgreSqlIndexCollection.Name)]
public sealed class RecordedRangeIndexTests(PostgreSqlServer server)
{
    private static readonly DateTimeOffset T0 = new(2022, 11, 8, 15, 0, 0, TimeSpan.Zero);

    private static RecordedSegment Segment(string track, int fromSecond, int toSecond, string key, bool external = false)
        => new("rec-1", track, T0.AddSeconds(fromSecond), T0.AddSeconds(toSecond), external ? "s3" : "local", key, 1000, external);

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void Contiguous_segments_form_one_range_and_gaps_split_ranges_and_survive_reopening(string backend)
    {
        using var store = new IndexStore(backend, server);
        using (var index = store.Open())
        {
            index.Add(Segment("video", 0, 5, "a.mp4"));
            index.Add(Segment("video", 5, 10, "b.mp4"));
            index.Add(Segment("video", 20, 25, "c.mp4"));
            index.Add(Segment("audio", 0, 10, "a.mp4"));
        }

        using var reopened = store.Open();
        Assert.Equal(
            [new RecordedRange("rec-1", "video", T0, T0.AddSeconds(10)), new RecordedRange("rec-1", "video", T0.AddSeconds(20), T0.AddSeconds(25))],
            reopened.GetRanges("rec-1", "video"));
        Assert.Equal([new RecordedRange("rec-1", "audio", T0, T0.AddSeconds(10))], reopened.GetRanges("rec-1", "audio"));
        Assert.Empty(reopened.GetRanges("rec-2", "video"));
        Assert.Equal(2, reopened.GetObjectRanges("local", "a.mp4").Count);
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void An_inverted_range_is_rejected(string backend)
    {
        using var store = new IndexStore(backend, server);
        using var index = store.Open();
        Assert.Throws<ArgumentException>(() => index.Add(Segment("video", 5, 4, "x.mp4")));
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public void Removing_an_object_removes_all_its_track_rows(string backend)
    {
        using var store = new IndexStore(backend, server);
        using var index = store.Open();
        index.Add(Segment("video", 0, 5, "a.mp4"));
        index.Add(Segment("audio", 0, 5, "a.mp4"));
        index.Add(Segment("video", 5, 10, "b.mp4"));
        Assert.Equal(2, index.RemoveObject("local", "a.mp4").Count);
        Assert.Equal([new RecordedRange("rec-1", "video", T0.AddSeconds(5), T0.AddSeconds(10))], index.GetRanges("rec-1", "video"));
        Assert.Empty(index.GetRanges("rec-1", "audio"));
    }
}
