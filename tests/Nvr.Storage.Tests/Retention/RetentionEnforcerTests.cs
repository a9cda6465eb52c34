using Microsoft.Extensions.Time.Testing;
using Nvr.Storage.Index;
using Nvr.Storage.Keys;
using Nvr.Storage.Local;
using Nvr.Storage.Retention;
using Nvr.Storage.Sinks;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Retention;

/// <summary>Retention over the index on both backends (SQLite file, PostgreSQL database).</summary>
[Collection(Nvr.Storage.Tests.Index.PostgreSqlIndexCollection.Name)]
public sealed class RetentionEnforcerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2022, 11, 8, 15, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly LocalDiskSink _sink;
    private readonly PostgreSqlServer _server;
    private readonly FakeTimeProvider _time = new(T0);
    private IndexStore? _store;
    private RecordedRangeIndex _index = null!;

    public RetentionEnforcerTests(PostgreSqlServer server)
    {
        _server = server;
        _sink = new LocalDiskSink(Path.Combine(_dir.Path, "data"));
    }

    public void Dispose()
    {
        _index?.Dispose();
        _store?.Dispose();
        _dir.Dispose();
    }

    private void Open(string backend)
    {
        _store = new IndexStore(backend, _server, "ranges.db");
        _index = _store.Open();
    }

    private RetentionEnforcer Enforcer() => new(_index, token => token == "local" ? _sink : null, _time);

    /// <summary>Writes a 10-second MP4-format segment of video+audio starting at T0+start seconds and indexes it.</summary>
    private async Task<string> RecordAsync(string recording, int startSecond, int bytes = 1000, bool external = false)
    {
        var start = T0.AddSeconds(startSecond);
        var key = ObjectKeyBuilder.Segment(recording, null, start, startSecond / 10, SpanKind.Mp4);
        if (!external)
        {
            await using var writer = await _sink.OpenSegmentAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes()));
            await writer.WriteFragmentAsync(TestSegments.Fragment(startSecond, bytes));
            await writer.CompleteAsync();
        }

        foreach (var track in new[] { "video", "audio" })
        {
            _index.Add(new RecordedSegment(recording, track, start, start.AddSeconds(10), external ? "s3" : "local", key, bytes, external));
        }

        return key;
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public async Task Segments_entirely_older_than_the_limit_are_deleted_and_their_ranges_returned(string backend)
    {
        Open(backend);
        var keys = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            keys.Add(await RecordAsync("rec-1", i * 10));
        }

        var other = await RecordAsync("rec-2", 0);
        _time.SetUtcNow(T0.AddSeconds(60 + 25)); // limit 60 s: cutoff T0+25 s

        var deleted = Enforcer().EnforceMaximumRetention("rec-1", TimeSpan.FromSeconds(60));

        // [0,10) and [10,20) end before the cutoff; [20,30) straddles it and is kept whole.
        Assert.Equal(
            [new RecordedRange("rec-1", "audio", T0, T0.AddSeconds(20)), new RecordedRange("rec-1", "video", T0, T0.AddSeconds(20))],
            deleted);
        Assert.Null(_sink.GetObjectInfo(keys[0]));
        Assert.Null(_sink.GetObjectInfo(keys[1]));
        Assert.NotNull(_sink.GetObjectInfo(keys[2]));
        Assert.NotNull(_sink.GetObjectInfo(other)); // other recordings have their own limit
        Assert.Equal([new RecordedRange("rec-1", "video", T0.AddSeconds(20), T0.AddSeconds(60))], _index.GetRanges("rec-1", "video"));
        Assert.Empty(Enforcer().EnforceMaximumRetention("rec-1", TimeSpan.FromSeconds(60)));
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public async Task Zero_retention_means_unlimited(string backend)
    {
        Open(backend);
        var key = await RecordAsync("rec-1", 0);
        _time.Advance(TimeSpan.FromDays(3650));
        Assert.Empty(Enforcer().EnforceMaximumRetention("rec-1", TimeSpan.Zero));
        Assert.NotNull(_sink.GetObjectInfo(key));
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public async Task External_objects_are_not_deleted_by_retention(string backend)
    {
        Open(backend);
        await RecordAsync("rec-1", 0, external: true);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(Enforcer().EnforceMaximumRetention("rec-1", TimeSpan.FromHours(1)));
        Assert.Single(_index.GetRanges("rec-1", "video"));
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public async Task Free_space_watermark_deletes_the_oldest_segments_of_any_recording_first(string backend)
    {
        Open(backend);
        var a0 = await RecordAsync("rec-a", 0, 4000);
        var b1 = await RecordAsync("rec-b", 10, 4000);
        var a2 = await RecordAsync("rec-a", 20, 4000);
        var b3 = await RecordAsync("rec-b", 30, 4000);
        var probe = new BudgetProbe(_sink.RootDirectory, budget: 20_000); // 16,000 used: 4,000 free

        var deleted = Enforcer().EnforceFreeSpace(_sink.RootDirectory, 11_000, probe);

        // Needs 11,000 free: the two oldest segments (a0 then b1) go, a2 and b3 stay.
        Assert.Null(_sink.GetObjectInfo(a0));
        Assert.Null(_sink.GetObjectInfo(b1));
        Assert.NotNull(_sink.GetObjectInfo(a2));
        Assert.NotNull(_sink.GetObjectInfo(b3));
        Assert.Equal(
            [
                new RecordedRange("rec-a", "audio", T0, T0.AddSeconds(10)), new RecordedRange("rec-a", "video", T0, T0.AddSeconds(10)),
                new RecordedRange("rec-b", "audio", T0.AddSeconds(10), T0.AddSeconds(20)), new RecordedRange("rec-b", "video", T0.AddSeconds(10), T0.AddSeconds(20)),
            ],
            deleted);
        Assert.True(probe.AvailableBytes(_sink.RootDirectory) >= 11_000);
    }

    [Theory, MemberData(nameof(IndexStore.Backends), MemberType = typeof(IndexStore))]
    public async Task Free_space_watermark_given_its_storages_never_deletes_from_another_disk(string backend)
    {
        Open(backend);
        // indexed under "disk2", a storage on another file system: the oldest segment overall lives there
        var otherDisk = await RecordAsync("rec-b", 0, 4000, external: false);
        foreach (var row in _index.RemoveObject("local", otherDisk))
        {
            _index.Add(row with { StorageToken = "disk2" });
        }

        var a1 = await RecordAsync("rec-a", 10, 4000);
        var a2 = await RecordAsync("rec-a", 20, 4000);
        var probe = new BudgetProbe(_sink.RootDirectory, budget: 14_000); // 12,000 used: 2,000 free

        var deleted = Enforcer().EnforceFreeSpace(_sink.RootDirectory, 5_000, probe, ["local"]);

        // rec-b's older segment is on the other disk: untouched; the oldest of this disk (a1) goes
        Assert.NotNull(_sink.GetObjectInfo(otherDisk));
        Assert.Null(_sink.GetObjectInfo(a1));
        Assert.NotNull(_sink.GetObjectInfo(a2));
        Assert.Equal(["rec-a"], deleted.Select(r => r.Recording).Distinct());
        Assert.Single(_index.GetRanges("rec-b", "video"));
    }

    [Fact]
    public void Mount_point_of_a_directory_is_the_longest_mounted_prefix()
    {
        Assert.Equal("/proc", MountPoint.Of("/proc/self"));
        Assert.Equal(MountPoint.Of(_dir.Path), MountPoint.Of(Path.Combine(_dir.Path, "not", "created", "yet")));
        Assert.StartsWith(MountPoint.Of(_dir.Path), Path.GetFullPath(_dir.Path), StringComparison.Ordinal);
    }

    /// <summary>Free space = a fixed budget minus the bytes of the data files under the directory.</summary>
    private sealed class BudgetProbe(string root, long budget) : IFreeSpaceProbe
    {
        public long AvailableBytes(string directory)
            => budget - Directory.EnumerateFiles(root, "*.mp4", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    }
}
