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

    [Fact]
    public async Task A_changed_storage_configuration_gets_a_new_sink_from_the_next_request_and_the_catalog_tokens_are_live()
    {
        var catalog = new StorageCatalog([new LocalStorageConfiguration("local", Path.Combine(_root.Path, "rec"))]);
        var tokens = catalog.Tokens;
        await using var sinks = new SinkRegistry(new EngineSettings(catalog, Path.Combine(_root.Path, "spool")));
        var before = sinks.Get("local");

        catalog.Set(new LocalStorageConfiguration("local", Path.Combine(_root.Path, "rec")));
        Assert.Same(before, sinks.Get("local")); // an equal configuration keeps its sink
        catalog.Set(new LocalStorageConfiguration("local", Path.Combine(_root.Path, "moved")));
        var after = sinks.Get("local");
        Assert.NotSame(before, after);
        Assert.Same(after, sinks.Get("local"));

        catalog.Set(new LocalStorageConfiguration("added", Path.Combine(_root.Path, "added")));
        Assert.True(tokens.Contains("added"));
        Assert.Equal(["added", "local"], tokens);
        catalog.Remove("added");
        Assert.False(tokens.Contains("added"));
        Assert.Equal("storage 'added' is not configured", Assert.Throws<InvalidOperationException>(() => sinks.Routed("added")).Message);
    }
}
