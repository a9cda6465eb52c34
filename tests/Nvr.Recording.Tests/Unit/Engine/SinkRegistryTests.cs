using Nvr.Recording.Engine;
using Nvr.Storage.Configuration;
using Nvr.Storage.Local;

namespace Nvr.Recording.Tests.Unit.Engine;

/// <summary>One sink per storage token, shared; unknown storages are refused; only local storages have a local sink.</summary>
public sealed class SinkRegistryTests : IDisposable
{
    private readonly TempDirectory _root = new("nvr-sink-registry");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_storage_has_one_shared_sink_and_an_unknown_one_is_refused()
    {
        var settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", Path.Combine(_root.Path, "rec"))]), Path.Combine(_root.Path, "spool"));
        await using var sinks = new SinkRegistry(settings);

        var sink = sinks.Get("local");
        Assert.Same(sink, sinks.Get("local"));
        Assert.Same(sink, sinks.GetLocal("local"));
        Assert.IsType<LocalDiskSink>(sink);
        Assert.Null(sinks.GetLocal("missing"));
        Assert.Equal("storage 'missing' is not configured", Assert.Throws<InvalidOperationException>(() => sinks.Get("missing")).Message);
    }
}
