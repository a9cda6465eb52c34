using Nvr.Storage.Local;
using Nvr.Storage.Spool;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Local;

public sealed class LocalSinkAllocationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Writing_a_fragment_allocates_nothing_on_the_managed_heap(bool flush)
    {
        var sink = new LocalDiskSink(_dir.Path, flushEachFragment: flush);
        await using var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(0));
        var chunks = TestSegments.Fragment(1, 4096, chunks: 4);
        IReadOnlyList<ReadOnlyMemory<byte>> list = chunks;
        for (int i = 0; i < 10; i++)
        {
            await writer.WriteFragmentAsync(list); // warm-up
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            var pending = writer.WriteFragmentAsync(list);
            Assert.True(pending.IsCompletedSuccessfully);
        }

        long allocatedPerFragment = (GC.GetAllocatedBytesForCurrentThread() - before) / 50;
        Assert.Equal(0, allocatedPerFragment);
        Assert.Equal(60 * 4096, writer.Length);
    }

    [Fact]
    public async Task Writing_a_fragment_through_the_spool_allocates_nothing_either()
    {
        await using var spool = new SpoolingSink(_dir.Path, new ScriptedUploader());
        await using var writer = await spool.OpenSegmentAsync(TestSegments.Metadata(0));
        IReadOnlyList<ReadOnlyMemory<byte>> list = TestSegments.Fragment(1, 4096, chunks: 4);
        for (int i = 0; i < 10; i++)
        {
            await writer.WriteFragmentAsync(list);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            var pending = writer.WriteFragmentAsync(list);
            Assert.True(pending.IsCompletedSuccessfully);
        }

        Assert.Equal(0, (GC.GetAllocatedBytesForCurrentThread() - before) / 50);
        Assert.Equal(60 * 4096, spool.Statistics.SpooledBytes);
    }
}
