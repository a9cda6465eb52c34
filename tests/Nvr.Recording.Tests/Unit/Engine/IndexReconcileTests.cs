using Nvr.Recording.Engine;
using Nvr.Storage.Configuration;
using Nvr.Storage.Index;
using Nvr.Storage.Local;
using Nvr.Storage.Retention;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Tests.Unit.Engine;

/// <summary>
/// Regression (crash soak, docs/reliability.md): a segment completed just before a kill, whose index write the kill
/// pre-empted, is found on the storage after the restart and indexed on the tracks of the segment before it; older,
/// already indexed, newer-than-the-restart and Duration-less objects are left alone.
/// </summary>
[Trait("Category", "Unit")]
[Collection(PostgreSqlIndexCollection.Name)]
public sealed class IndexReconcileTests(PostgreSqlServer server) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 13, 59, 55, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"reconcile-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public async Task A_stored_but_unindexed_segment_is_indexed_and_nothing_else_is(string backend)
    {
        using var store = new IndexStore(backend, server);
        using var sink = new LocalDiskSink(Path.Combine(_root, "recordings"));
        var indexed = await StoreAsync(sink, T0, 0, TimeSpan.FromSeconds(2.5));
        var missed = await StoreAsync(sink, T0.AddSeconds(2.5), 1, TimeSpan.FromSeconds(2.64));
        var missedToo = await StoreAsync(sink, T0.AddSeconds(5.14), 2, TimeSpan.FromSeconds(2.64)); // in the next hour's directory
        var recoveredLike = await StoreAsync(sink, T0.AddSeconds(7.78), 3, null);
        var afterRestart = await StoreAsync(sink, T0.AddSeconds(20), 0, TimeSpan.FromSeconds(2));

        var index = store.Open();
        foreach (var track in new[] { "VIDEO001", "AUDIO001" })
        {
            index.Add(new RecordedSegment("REC0001", track, T0, T0.AddSeconds(2.5), "local", indexed, 100, false));
        }

        var settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", sink.RootDirectory)]), Path.Combine(_root, "spool"));
        var enforcer = new RetentionEnforcer(index, _ => sink);
        var warnings = new List<string>();
        await using (var worker = new RecordingIndexWorker(index, enforcer, new FreeSpaceWatermark(enforcer, settings), _ => { }, warnings.Add))
        {
            Assert.True(worker.TryReconcile("REC0001", "local", sink, "site", "cam-1", T0.AddSeconds(15), external: false));
            Assert.True(worker.TryReconcile("REC0001", "local", sink, "site", "cam-1", T0.AddSeconds(15), external: false)); // idempotent
        }

        using var reader = store.Open();
        var video = reader.GetSegments("REC0001", "VIDEO001");
        Assert.Equal([indexed, missed, missedToo], video.Select(s => s.Key));
        Assert.Equal([indexed, missed, missedToo], reader.GetSegments("REC0001", "AUDIO001").Select(s => s.Key));
        Assert.Equal((T0.AddSeconds(2.5), T0.AddSeconds(2.5) + TimeSpan.FromSeconds(2.64)), (video[1].Start, video[1].End));
        Assert.Empty(reader.GetObjectRanges("local", recoveredLike));
        Assert.Empty(reader.GetObjectRanges("local", afterRestart));
        Assert.Equal(2, warnings.Count(w => w.Contains("not indexed before the restart", StringComparison.Ordinal)));
    }

    private static async Task<string> StoreAsync(LocalDiskSink sink, DateTimeOffset start, long counter, TimeSpan? duration)
    {
        var key = Nvr.Storage.Keys.ObjectKeyBuilder.Segment("site", "cam-1", start, counter, Nvr.Storage.Keys.SpanKind.Mp4);
        var writer = await sink.OpenSegmentAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes()));
        await writer.WriteFragmentAsync([new byte[] { 1, 2, 3 }]);
        await writer.CompleteAsync(duration);
        return key;
    }
}
