using Nvr.Storage.Local;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Local;

/// <summary>
/// Group commit: the recovery point of every open segment is the last commit (one per interval for all of them),
/// recovery keeps exactly the committed fragments, and a commit costs two file-system syncs however many segments are open.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_crash_keeps_what_the_last_commit_made_durable_and_cuts_the_rest()
    {
        var metadata = TestSegments.Metadata(1);
        var fragments = Enumerable.Range(0, 5).Select(i => TestSegments.Fragment(i, 3000 + (i * 17))).ToList();
        using (var sink = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan))
        {
            var writer = await sink.OpenSegmentAsync(metadata);
            for (var i = 0; i < 3; i++)
            {
                await writer.WriteFragmentAsync(fragments[i]);
            }

            sink.GroupCommit!.CommitNow();
            for (var i = 3; i < 5; i++)
            {
                await writer.WriteFragmentAsync(fragments[i]); // written, never committed
            }

            await writer.DisposeAsync(); // abandoned as after kill -9 (the page cache keeps the uncommitted bytes)
        }

        var recovered = Assert.Single(new LocalDiskSink(_dir.Path).RecoverPartialSegments());
        Assert.Equal((metadata.Key, 1), (recovered.Key, recovered.FragmentCount)); // one journal record per commit
        Assert.Equal(TestSegments.Concat(fragments.Take(3).ToList()), await File.ReadAllBytesAsync(new LocalDiskSink(_dir.Path).GetPath(metadata.Key)));
    }

    [Fact]
    public async Task A_segment_never_committed_is_not_recovered()
    {
        using (var sink = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan))
        {
            var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(0));
            await writer.WriteFragmentAsync(TestSegments.Fragment(0, 2048));
            await writer.DisposeAsync();
        }

        Assert.Empty(new LocalDiskSink(_dir.Path).RecoverPartialSegments());
        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task One_commit_syncs_all_open_segments_at_once_and_completion_keeps_every_fragment()
    {
        using var sink = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan);
        var writers = new List<Nvr.Storage.Sinks.ISegmentWriter>();
        for (var i = 0; i < 6; i++)
        {
            var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(i * 2));
            await writer.WriteFragmentAsync(TestSegments.Fragment(i, 1500));
            writers.Add(writer);
        }

        Assert.Equal(6, sink.GroupCommit!.OpenSegments);
        sink.GroupCommit.CommitNow();
        Assert.Equal((1L, OperatingSystem.IsLinux() ? 2L : 12L), (sink.GroupCommit.Commits, sink.GroupCommit.Syncs));
        foreach (var (writer, i) in writers.Select((w, i) => (w, i)))
        {
            await writer.WriteFragmentAsync(TestSegments.Fragment(100 + i, 700));
            await writer.CompleteAsync(TimeSpan.FromSeconds(2));
            await writer.DisposeAsync();
        }

        Assert.Equal(0, sink.GroupCommit.OpenSegments);
        for (var i = 0; i < 6; i++)
        {
            var expected = TestSegments.Concat([TestSegments.Fragment(i, 1500), TestSegments.Fragment(100 + i, 700)]);
            Assert.Equal(expected, await File.ReadAllBytesAsync(sink.GetPath(TestSegments.Metadata(i * 2).Key)));
        }
    }

    [Fact]
    public async Task The_commit_thread_commits_on_its_interval()
    {
        using var sink = new LocalDiskSink(_dir.Path, groupCommitInterval: TimeSpan.FromMilliseconds(50));
        var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(0));
        await writer.WriteFragmentAsync(TestSegments.Fragment(0, 4096));
        var journal = sink.GetPath(TestSegments.Metadata(0).Key) + ".partial.idx";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (new FileInfo(journal).Length < 8 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // polling the file with a deadline (the commit thread is real time)
        }

        Assert.Equal(8, new FileInfo(journal).Length);
        await writer.CompleteAsync(TimeSpan.FromSeconds(1));
        await writer.DisposeAsync();
    }
}
