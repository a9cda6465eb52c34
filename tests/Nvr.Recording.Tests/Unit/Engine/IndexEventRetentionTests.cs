using Nvr.Recording.Engine;
using Nvr.Storage.Configuration;
using Nvr.Storage.Index;
using Nvr.Storage.Local;
using Nvr.Storage.Retention;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Tests.Unit.Engine;

/// <summary>
/// The index worker stores camera events of metadata tracks in order with the segments, and a retention pass that
/// deletes a segment removes the events recorded in its range (and only those).
/// </summary>
[Trait("Category", "Unit")]
[Collection(PostgreSqlIndexCollection.Name)]
public sealed class IndexEventRetentionTests(PostgreSqlServer server) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"index-events-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public async Task Retention_removes_the_events_of_the_deleted_range_and_keeps_the_newer_ones(string backend)
    {
        using var store = new IndexStore(backend, server);
        var now = DateTimeOffset.UtcNow;
        var old = now.AddHours(-3);
        using var sink = new LocalDiskSink(Path.Combine(_root, "recordings"));
        var oldKey = await StoreAsync(sink, old, 0);
        var newKey = await StoreAsync(sink, now.AddSeconds(-10), 1);
        var index = store.Open();
        var settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", sink.RootDirectory)]), Path.Combine(_root, "spool"));
        var enforcer = new RetentionEnforcer(index, _ => sink);
        var deleted = new List<RecordedRange>();
        await using (var worker = new RecordingIndexWorker(index, enforcer, new FreeSpaceWatermark(enforcer, settings), deleted.Add, _ => { }))
        {
            foreach (var (key, start) in new[] { (oldKey, old), (newKey, now.AddSeconds(-10)) })
            {
                Assert.True(worker.TryAdd([new RecordedSegment("REC1", "VIDEO001", start, start.AddSeconds(5), "local", key, 3, false),
                    new RecordedSegment("REC1", "META001", start, start.AddSeconds(5), "local", key, 3, false)]));
                Assert.True(worker.TryAddEvents([Motion(start.AddSeconds(1), "true"), Motion(start.AddSeconds(2), "false")]));
            }

            Assert.True(worker.TryEnforceRetention(new Dictionary<string, TimeSpan> { ["REC1"] = TimeSpan.FromHours(1) }));
        }

        Assert.Contains(deleted, r => r.Track == "META001" && r.Start == old);
        using var reader = store.Open();
        Assert.Equal([now.AddSeconds(-9), now.AddSeconds(-8)], reader.GetEventsBetween("REC1", old.AddHours(-1), now).Select(e => e.Utc));
    }

    private static RecordedEvent Motion(DateTimeOffset at, string value) =>
        new("REC1", "META001", at, "tns1:RuleEngine/CellMotionDetector/Motion", "Changed", [new("Rule", "R")], [new("IsMotion", value)]);

    private static async Task<string> StoreAsync(LocalDiskSink sink, DateTimeOffset start, long counter)
    {
        var key = Nvr.Storage.Keys.ObjectKeyBuilder.Segment("site", "cam-1", start, counter, Nvr.Storage.Keys.SpanKind.Mp4);
        var writer = await sink.OpenSegmentAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes()));
        await writer.WriteFragmentAsync([new byte[] { 1, 2, 3 }]);
        await writer.CompleteAsync(TimeSpan.FromSeconds(5));
        return key;
    }
}
