using Nvr.Storage;
using Nvr.Storage.Sinks;

namespace Nvr.Control.Engine;

/// <summary>One sink per storage token, created on first use and shared by every recording writing there.</summary>
public sealed class SinkRegistry : IAsyncDisposable
{
    private readonly EngineSettings _settings;
    private readonly Dictionary<string, ISegmentSink> _sinks = new(StringComparer.Ordinal);

    public SinkRegistry(EngineSettings settings) => _settings = settings;

    public ISegmentSink Get(string storageToken)
    {
        if (_sinks.TryGetValue(storageToken, out var sink))
        {
            return sink;
        }

        if (!_settings.Storages.TryGet(storageToken, out var configuration))
        {
            throw new InvalidOperationException($"storage '{storageToken}' is not configured");
        }

        sink = StorageSinkFactory.Create(configuration, _settings.SpoolRoot, timeProvider: _settings.Time, loggerFactory: _settings.Logging);
        _sinks[storageToken] = sink;
        return sink;
    }

    /// <summary>The local disk sink of a storage (created if needed), or null when the storage is external (S3).</summary>
    public Nvr.Storage.Local.LocalDiskSink? GetLocal(string storageToken)
    {
        if (!_settings.Storages.TryGet(storageToken, out var configuration) || configuration is not Nvr.Storage.Configuration.LocalStorageConfiguration)
        {
            return null;
        }

        return Get(storageToken) as Nvr.Storage.Local.LocalDiskSink;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in _sinks.Values)
        {
            if (sink is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (sink is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        _sinks.Clear();
    }
}
