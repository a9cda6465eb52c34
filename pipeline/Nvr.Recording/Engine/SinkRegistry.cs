using Nvr.Storage;
using Nvr.Storage.Configuration;
using Nvr.Storage.Local;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Engine;

/// <summary>
/// One sink per storage token, created on first use and shared by every recording writing there; when the catalog's
/// configuration of a token changes (device service SetStorageConfiguration), the next request builds a new sink and
/// the old one is kept until disposal (its uploads finish). Thread-safe: the engine asks for sinks, the index worker
/// for local sinks (retention).
/// </summary>
public sealed class SinkRegistry : IAsyncDisposable
{
    private readonly EngineSettings _settings;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (StorageConfiguration Configuration, ISegmentSink Sink)> _sinks = new(StringComparer.Ordinal);
    private readonly List<ISegmentSink> _retired = [];
    private readonly Dictionary<string, RoutedSink> _routed = new(StringComparer.Ordinal);
    private readonly List<RecoveredObject> _recovered = [];

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
            return [.. _sinks.Where(s => s.Value.Sink is Nvr.Storage.Spool.SpoolingSink).Select(s => (s.Key, ((Nvr.Storage.Spool.SpoolingSink)s.Value.Sink).Statistics))];
        }
    }

    public ISegmentSink Get(string storageToken)
    {
        lock (_lock)
        {
            if (!_settings.Storages.TryGet(storageToken, out var configuration))
            {
                throw new InvalidOperationException($"storage '{storageToken}' is not configured");
            }

            if (_sinks.TryGetValue(storageToken, out var cached))
            {
                if (cached.Configuration.Equals(configuration))
                {
                    return cached.Sink;
                }

                _retired.Add(cached.Sink);
            }

            var sink = StorageSinkFactory.Create(configuration, _settings.SpoolRoot, _settings.Spool, timeProvider: _settings.Time, loggerFactory: _settings.Logging,
                recovered: (segment, path) => Recovered(storageToken, segment, path), measureDuration: MeasureDuration);
            _sinks[storageToken] = (configuration, sink);
            return sink;
        }
    }

    /// <summary>
    /// Takes the segments recovery finalized on <paramref name="storageToken"/> whose keys carry this prefix and postfix
    /// (the recording's target): they were written before a crash and have no completion event, so the engine indexes them.
    /// </summary>
    public IReadOnlyList<RecoveredObject> TakeRecovered(string storageToken, string? prefix, string? postfix)
    {
        lock (_lock)
        {
            var taken = _recovered.Where(r => r.Storage == storageToken && r.Prefix == NullIfEmpty(prefix) && r.Postfix == NullIfEmpty(postfix)).ToList();
            _recovered.RemoveAll(taken.Contains);
            return taken;
        }
    }

    /// <summary>The catalog (listing) of a storage's current sink, or null when it cannot be listed.</summary>
    public IObjectCatalog? Catalog(string storageToken) => Get(storageToken) as IObjectCatalog;

    /// <summary>The local disk sink of a storage (created if needed), or null when the storage is external (S3).</summary>
    public LocalDiskSink? GetLocal(string storageToken)
    {
        if (!_settings.Storages.TryGet(storageToken, out var configuration) || configuration is not LocalStorageConfiguration)
        {
            return null;
        }

        return Get(storageToken) as LocalDiskSink;
    }

    /// <summary>
    /// A sink that resolves the storage's current sink for every segment, so a changed storage configuration applies
    /// from the next segment of a running recording.
    /// </summary>
    /// <remarks>
    /// One instance per local storage token: a sink instance has one writer thread (<c>SinkWriterThread</c>), so every
    /// recording of a local storage (group commit: no sync on that thread) shares it instead of each having a thread
    /// of its own. An S3 storage's spool still flushes every fragment on the writer thread: its recordings keep a
    /// routed sink (and so a writer thread) each, so that one camera's flushes never wait for another's.
    /// </remarks>
    public ISegmentSink Routed(string storageToken)
    {
        Get(storageToken);
        lock (_lock)
        {
            if (!_settings.Storages.TryGet(storageToken, out var configuration) || configuration is not LocalStorageConfiguration)
            {
                return new RoutedSink(this, storageToken);
            }

            if (!_routed.TryGetValue(storageToken, out var routed))
            {
                routed = new RoutedSink(this, storageToken);
                _routed[storageToken] = routed;
            }

            return routed;
        }
    }

    private static TimeSpan? MeasureDuration(string path)
    {
        try
        {
            return Nvr.Codecs.Fmp4.FragmentedMp4Timing.MediaDuration(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Runs inside recovery (under the lock of <see cref="Get"/>): the file is there, under its key, untouched yet.</summary>
    private void Recovered(string storageToken, RecoveredSegment segment, string path)
    {
        if (!Nvr.Storage.Keys.ObjectKeyParser.TryParse(segment.Key, out var key) || key.IsSpanEnd)
        {
            return;
        }

        Nvr.Codecs.Fmp4.MediaExtent? extent;
        try
        {
            extent = Nvr.Codecs.Fmp4.FragmentedMp4Timing.Read(path);
        }
        catch (IOException)
        {
            extent = null;
        }

        if (extent is not null)
        {
            _recovered.Add(new RecoveredObject(storageToken, segment.Key, key.Prefix, key.Postfix, key.Time, key.Time + extent.Duration, segment.Length, extent.Handlers));
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ISegmentSink> sinks;
        lock (_lock)
        {
            sinks = [.. _sinks.Values.Select(v => v.Sink), .. _retired];
            _sinks.Clear();
            _retired.Clear();
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

internal sealed class RoutedSink(SinkRegistry registry, string storageToken) : ISegmentSink
{
    public ValueTask<ISegmentWriter> OpenSegmentAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default) =>
        registry.Get(storageToken).OpenSegmentAsync(metadata, cancellationToken);

    public ValueTask WriteEmptyObjectAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default) =>
        registry.Get(storageToken).WriteEmptyObjectAsync(metadata, cancellationToken);
}
