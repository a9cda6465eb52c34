using Nvr.Storage.Keys;
using Nvr.Storage.Local;
using Nvr.Storage.Sinks;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Local;

public sealed class LocalDiskSinkTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Completed_segment_holds_all_fragments_under_its_key_with_sidecar_attributes()
    {
        var sink = new LocalDiskSink(_dir.Path);
        var metadata = TestSegments.Metadata(0);
        var fragments = Enumerable.Range(0, 5).Select(i => TestSegments.Fragment(i, 10_000 + i)).ToList();
        await using (var writer = await sink.OpenSegmentAsync(metadata))
        {
            foreach (var fragment in fragments)
            {
                await writer.WriteFragmentAsync(fragment);
            }

            Assert.Empty(sink.ListKeys()); // never visible before completion
            await writer.CompleteAsync(TimeSpan.FromSeconds(5.04));
        }

        var path = Path.Combine(_dir.Path, "site-2", "2022-11-08", "camera-5", "15", "08-23.547Z.0.mp4");
        Assert.Equal(TestSegments.Concat(fragments), await File.ReadAllBytesAsync(path));
        Assert.Equal([metadata.Key], sink.ListKeys());
        var info = sink.GetObjectInfo(metadata.Key)!;
        Assert.Equal("video/mp4; codecs=\"avc1.64001f,mp4a.40.2\"", info.ContentType);
        Assert.Equal("1.0", info.Attributes["Version"]);
        Assert.Equal("PT5.04S", info.Attributes["Duration"]);
        Assert.Equal("720", info.Attributes["VideoHeight"]);
        Assert.False(info.Attributes.ContainsKey("EventTopic"));
        Assert.Equal(["08-23.547Z.0.mp4", "08-23.547Z.0.mp4.meta.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Aborted_segment_leaves_no_file()
    {
        var sink = new LocalDiskSink(_dir.Path);
        var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(0));
        await writer.WriteFragmentAsync(TestSegments.Fragment(0, 1000));
        await writer.AbortAsync();
        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Span_end_object_is_empty()
    {
        var sink = new LocalDiskSink(_dir.Path);
        var key = ObjectKeyBuilder.SpanEnd("site-2", "camera-5", TestSegments.Start, 84, SpanKind.Mp4);
        await sink.WriteEmptyObjectAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes()));
        Assert.Equal(0, sink.GetObjectInfo("site-2/2022-11-08/camera-5/15/08-23.547Z.85.mp4_end")!.Length);
    }

    [Fact]
    public async Task Crash_mid_segment_is_recovered_up_to_the_last_complete_fragment()
    {
        var metadata = TestSegments.Metadata(3);
        var fragments = Enumerable.Range(0, 7).Select(i => TestSegments.Fragment(i, 4096 + (i * 13))).ToList();
        var first = new LocalDiskSink(_dir.Path);
        var writer = await first.OpenSegmentAsync(metadata);
        foreach (var fragment in fragments)
        {
            await writer.WriteFragmentAsync(fragment);
        }

        await writer.DisposeAsync(); // abandoned: neither completed nor aborted, as after a crash
        var partial = first.GetPath(metadata.Key) + ".partial";
        await using (var torn = new FileStream(partial, FileMode.Append))
        {
            torn.Write(new byte[1234]); // half of a fragment that was never acknowledged
        }

        Assert.Empty(first.ListKeys());

        var restarted = new LocalDiskSink(_dir.Path);
        var recovered = Assert.Single(restarted.RecoverPartialSegments());
        Assert.Equal(metadata.Key, recovered.Key);
        Assert.Equal(7, recovered.FragmentCount);
        Assert.Equal(1234, recovered.DiscardedBytes);
        Assert.Equal([metadata.Key], restarted.ListKeys());
        Assert.Equal(TestSegments.Concat(fragments), await File.ReadAllBytesAsync(restarted.GetPath(metadata.Key)));
        Assert.Equal("camera-5", restarted.GetObjectInfo(metadata.Key)!.Attributes["Source"]);
        Assert.False(File.Exists(partial));
        Assert.Empty(restarted.RecoverPartialSegments());
    }

    [Fact]
    public async Task Crash_before_any_fragment_leaves_nothing()
    {
        var sink = new LocalDiskSink(_dir.Path);
        var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(0));
        await writer.DisposeAsync();
        Assert.Empty(new LocalDiskSink(_dir.Path).RecoverPartialSegments());
        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Delete_removes_object_sidecar_and_empty_directories()
    {
        var sink = new LocalDiskSink(_dir.Path);
        var metadata = TestSegments.Metadata(0);
        await using (var writer = await sink.OpenSegmentAsync(metadata))
        {
            await writer.WriteFragmentAsync(TestSegments.Fragment(0, 100));
            await writer.CompleteAsync();
        }

        Assert.Equal(100, sink.DeleteObject(metadata.Key));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Theory]
    [InlineData("../escape.mp4")]
    [InlineData("a//b.mp4")]
    [InlineData("a/./b.mp4")]
    [InlineData("a/b.mp4.partial")]
    public void Keys_that_would_escape_or_collide_with_sink_files_are_rejected(string key)
        => Assert.Throws<ArgumentException>(() => new LocalDiskSink(_dir.Path).GetPath(key));

    [Fact]
    public async Task Opening_an_existing_key_fails()
    {
        var sink = new LocalDiskSink(_dir.Path);
        await using var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(0));
        await Assert.ThrowsAsync<IOException>(async () => await sink.OpenSegmentAsync(TestSegments.Metadata(0)));
    }

    [Fact]
    public async Task A_fragment_of_more_chunks_than_one_system_call_takes_is_written_completely_in_order()
    {
        var sink = new LocalDiskSink(_dir.Path);
        var metadata = TestSegments.Metadata(0);
        var fragment = TestSegments.Fragment(42, 1500 * 7, chunks: 1500);
        await using (var writer = await sink.OpenSegmentAsync(metadata))
        {
            await writer.WriteFragmentAsync(fragment);
            await writer.WriteFragmentAsync([ReadOnlyMemory<byte>.Empty, new byte[] { 1, 2, 3 }]);
            await writer.CompleteAsync();
        }

        Assert.Equal(TestSegments.Concat([fragment]).Concat(new byte[] { 1, 2, 3 }), await File.ReadAllBytesAsync(sink.GetPath(metadata.Key)));
    }
}
