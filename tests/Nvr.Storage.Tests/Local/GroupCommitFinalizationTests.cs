using System.Text.Json;
using Nvr.Storage.Local;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Local;

/// <summary>
/// Completion under a syncfs group commit syncs nothing itself: the file is under its key at once, the next commit
/// finalizes it (its journal goes). A crash before that commit never leaves a half-written object under the key:
/// recovery keeps a file whose bytes all arrived (kill -9) and cuts one a power loss shortened to its last commit.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GroupCommitFinalizationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_completed_segment_is_under_its_key_at_once_and_the_next_commit_removes_its_journal()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // syncfs only
        }

        using var sink = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan);
        var metadata = TestSegments.Metadata(3);
        var path = sink.GetPath(metadata.Key);
        var writer = await sink.OpenSegmentAsync(metadata);
        await writer.WriteFragmentAsync(TestSegments.Fragment(0, 3000));
        sink.GroupCommit!.CommitNow();
        await writer.WriteFragmentAsync(TestSegments.Fragment(1, 1200));
        await writer.CompleteAsync(TimeSpan.FromSeconds(4));
        await writer.DisposeAsync();

        Assert.Equal(TestSegments.Concat([TestSegments.Fragment(0, 3000), TestSegments.Fragment(1, 1200)]), await File.ReadAllBytesAsync(path));
        Assert.Equal("PT4S", Duration(path));
        Assert.Equal([metadata.Key], sink.ListKeys());
        Assert.True(File.Exists(path + ".partial.idx")); // until the next commit has synced the completion

        long syncs = sink.GroupCommit.Syncs;
        sink.GroupCommit.CommitNow();
        Assert.Equal(1, sink.GroupCommit.Syncs - syncs); // one syncfs finalizes every completion since the last commit
        string name = Path.GetFileName(path);
        string[] expected = [name, name + ".meta.json"];
        Assert.Equal(expected, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task After_a_crash_before_the_finalizing_commit_a_file_whose_bytes_all_arrived_is_kept_whole()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var metadata = TestSegments.Metadata(5);
        var fragments = Enumerable.Range(0, 4).Select(i => TestSegments.Fragment(i, 2000 + (i * 31))).ToList();
        var crashed = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan); // never disposed: killed
        var writer = await crashed.OpenSegmentAsync(metadata);
        await writer.WriteFragmentAsync(fragments[0]);
        crashed.GroupCommit!.CommitNow();
        for (var i = 1; i < 4; i++)
        {
            await writer.WriteFragmentAsync(fragments[i]);
        }

        await writer.CompleteAsync(TimeSpan.FromSeconds(3));

        var restarted = new LocalDiskSink(_dir.Path);
        Assert.Empty(restarted.RecoverPartialSegments());
        var path = restarted.GetPath(metadata.Key);
        Assert.Equal(TestSegments.Concat(fragments), await File.ReadAllBytesAsync(path));
        Assert.Equal("PT3S", Duration(path));
        Assert.False(File.Exists(path + ".partial.idx"));
        Assert.False(File.Exists(path + ".partial.meta.json"));
    }

    [Fact]
    public async Task After_a_power_loss_before_the_finalizing_commit_a_shortened_file_is_cut_to_its_last_commit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var metadata = TestSegments.Metadata(7);
        var fragments = Enumerable.Range(0, 4).Select(i => TestSegments.Fragment(i, 2500 + (i * 13))).ToList();
        var crashed = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan);
        var writer = await crashed.OpenSegmentAsync(metadata);
        await writer.WriteFragmentAsync(fragments[0]);
        await writer.WriteFragmentAsync(fragments[1]);
        crashed.GroupCommit!.CommitNow();
        await writer.WriteFragmentAsync(fragments[2]);
        await writer.WriteFragmentAsync(fragments[3]);
        await writer.CompleteAsync(TimeSpan.FromSeconds(4));
        var path = crashed.GetPath(metadata.Key);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length - 100); // the tail never reached the disk
        }

        var recovered = Assert.Single(new LocalDiskSink(_dir.Path).RecoverPartialSegments());
        Assert.Equal((metadata.Key, 1), (recovered.Key, recovered.FragmentCount));
        Assert.Equal(TestSegments.Concat(fragments.Take(2).ToList()), await File.ReadAllBytesAsync(path));
        Assert.Null(Duration(path)); // the open-time sidecar: the final Duration no longer describes the file
        Assert.False(File.Exists(path + ".partial.idx"));
    }

    [Fact]
    public async Task After_a_power_loss_a_completed_file_with_zeroed_bytes_of_the_right_length_is_cut_too()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var metadata = TestSegments.Metadata(9);
        var crashed = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan);
        var writer = await crashed.OpenSegmentAsync(metadata);
        await writer.WriteFragmentAsync(TestSegments.Fragment(0, 4096));
        crashed.GroupCommit!.CommitNow();
        await writer.WriteFragmentAsync(TestSegments.Fragment(1, 4096));
        await writer.CompleteAsync(TimeSpan.FromSeconds(2));
        var path = crashed.GetPath(metadata.Key);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = file.Length - 4096;
            file.Write(new byte[4096]); // a block the disk never got: zeros of the right length
        }

        var recovered = Assert.Single(new LocalDiskSink(_dir.Path).RecoverPartialSegments());
        Assert.Equal(TestSegments.Concat([TestSegments.Fragment(0, 4096)]), await File.ReadAllBytesAsync(path));
        Assert.Equal(4096, recovered.Length);
    }

    [Fact]
    public async Task After_a_power_loss_a_completed_segment_never_committed_is_not_presented()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var metadata = TestSegments.Metadata(11);
        var crashed = new LocalDiskSink(_dir.Path, groupCommitInterval: Timeout.InfiniteTimeSpan);
        var writer = await crashed.OpenSegmentAsync(metadata);
        await writer.WriteFragmentAsync(TestSegments.Fragment(0, 1000));
        await writer.CompleteAsync(TimeSpan.FromSeconds(1));
        var path = crashed.GetPath(metadata.Key);
        File.WriteAllBytes(path, []); // nothing of it reached the disk

        var restarted = new LocalDiskSink(_dir.Path);
        Assert.Empty(restarted.RecoverPartialSegments());
        Assert.Empty(restarted.ListKeys());
        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    private static string? Duration(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path + ".meta.json"));
        return document.RootElement.GetProperty("Attributes").TryGetProperty("Duration", out var d) ? d.GetString() : null;
    }
}
