using Nvr.Storage.Configuration;
using Nvr.Storage.Local;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Local;

public sealed class StorageSinkFactoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task File_storage_gives_a_local_sink_that_recovered_what_a_crash_left()
    {
        var root = Path.Combine(_dir.Path, "data");
        var before = new LocalDiskSink(root);
        var writer = await before.OpenSegmentAsync(TestSegments.Metadata(0));
        await writer.WriteFragmentAsync(TestSegments.Fragment(0, 500));
        await writer.DisposeAsync();

        var sink = Assert.IsType<LocalDiskSink>(StorageSinkFactory.Create(StorageUriParser.ParseBinding($"1=file://{root}"), Path.Combine(_dir.Path, "spool")));
        Assert.Equal([TestSegments.Metadata(0).Key], sink.ListKeys());
    }
}
