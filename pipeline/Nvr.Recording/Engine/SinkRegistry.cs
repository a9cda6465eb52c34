using Nvr.Storage;
using Nvr.Storage.Configuration;
using Nvr.Storage.Local;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Engine;

/// <summary>
/// One sink per storage token, created on first use and shared by every recording writing there. Thread-safe: the
/// engine asks for sinks, the index worker for local sinks (retention).
/// </summary>
public sealed class SinkRegistry : IAsyncDisposable
{
    private readonly EngineSettings _settings;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ISegmentSink> _sinks = new(StringComparer.Ordinal);

    public SinkRegistry(EngineSettings settings)
    {
        _settings = settings;
        settings.Telemetry?.Attach(this);
    }

    /// <summary>The counters of every spooling sink created so far (S3 storages).</summary>
    public IReadOnlyList<(string Storage, Nvr.Storage.Spool.SpoolStatistics Statistics)> SpoolStatistics()
    {
        lock (_lock)
        {
            return [.. _sinks.Where(s => s.Value is Nvr.Storage.Spool.SpoolingSink).Select(s => (s.Key, ((Nvr.Storage.Spool.SpoolingSink)s.Value).Statistics))];
        }
    }

    public ISegmentSink Get(string storageToken)
    {
        lock (_lock)
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
    }

    /// <summary>The local disk sink of a storage (created if needed), or null when the storage is external (S3).</summary>
    public LocalDiskSink? GetLocal(string storageToken)
    {
        if (!_settings.Storages.TryGet(storageToken, out var configuration) || configuration is not LocalStorageConfiguration)
        {
            return null;
        }

        return Get(storageToken) as LocalDiskSink;
    }

    public async ValueTask DisposeAsync()
    {
        List<ISegmentSink> sinks;
        lock (_lock)
        {
            sinks = [.. _sinks.Values];
            _sinks.Clear();
        }

        foreach (var sink in sinks)
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
    }
}
