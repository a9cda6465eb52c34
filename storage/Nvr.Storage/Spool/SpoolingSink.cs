using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Storage.Keys;
using Nvr.Storage.Local;
using Nvr.Storage.S3;
using Nvr.Storage.Sinks;

namespace Nvr.Storage.Spool;

/// <summary>
/// A sink for a remote object store: every object is first written to a local spool directory (with the
/// crash guarantees of <see cref="LocalDiskSink"/>), then uploaded strictly in completion order, one at a
/// time, retried with exponential backoff (timed by the injected <see cref="TimeProvider"/>) until it
/// succeeds. An outage loses nothing while the spool holds everything; when it would exceed
/// <see cref="SpoolOptions.CapacityBytes"/>, the OLDEST completed objects are dropped, each logged and counted.
/// </summary>
public sealed class SpoolingSink : ISegmentSink, IObjectCatalog, IAsyncDisposable
{
    private readonly LocalDiskSink _local;
    private readonly IObjectUploader _uploader;
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly LinkedList<SpoolEntry> _queue = new();
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _spooledBytes;
    private long _uploaded;
    private long _failedAttempts;
    private long _dropped;
    private long _droppedBytes;

    /// <summary>Creates a spool in <paramref name="spoolDirectory"/> feeding <paramref name="uploader"/>. Call <see cref="Start"/>.</summary>
    public SpoolingSink(string spoolDirectory, IObjectUploader uploader, SpoolOptions? options = null, TimeProvider? timeProvider = null, ILogger<SpoolingSink>? logger = null)
    {
        _local = new LocalDiskSink(spoolDirectory);
        _uploader = uploader;
        _options = options ?? new SpoolOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after an object was uploaded (its key).</summary>
    public event Action<string>? ObjectUploaded;

    /// <summary>Raised when an object was dropped because the spool was full (key, bytes).</summary>
    public event Action<string, long>? ObjectDropped;

    /// <summary>Raised after a failed upload attempt (key, failed attempts so far for it, error, delay before the retry).</summary>
    public event Action<string, int, Exception, TimeSpan>? UploadFailed;

    /// <summary>The spool directory.</summary>
    public string SpoolDirectory => _local.RootDirectory;

    /// <summary>Current counters.</summary>
    public SpoolStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new SpoolStatistics(_spooledBytes, _queue.Count, _uploaded, _failedAttempts, _dropped, _droppedBytes);
            }
        }
    }

    /// <summary>
    /// Recovers what a previous run left in the spool (partial segments are finalized up to their last
    /// fragment), queues it in key-time order and starts uploading.
    /// </summary>
    /// <param name="recovered">Called for each recovered partial segment with its spool path, before it is queued for upload.</param>
    /// <param name="measureDuration">See <see cref="LocalDiskSink.RecoverPartialSegments"/>.</param>
    public void Start(Action<RecoveredSegment, string>? recovered = null, Func<string, TimeSpan?>? measureDuration = null)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("the spool is already started");
        }

        foreach (var segment in _local.RecoverPartialSegments(recovered, measureDuration))
        {
            _logger.LogWarning("Spool: recovered partial segment {Key} ({Bytes} bytes) for upload", segment.Key, segment.Length);
        }

        var leftovers = _local.ListKeys()
            .Select(key => (Key: key, Parsed: ObjectKeyParser.TryParse(key, out var parsed) ? parsed : null))
            .OrderBy(k => k.Parsed?.Time ?? DateTimeOffset.MinValue)
            .ThenBy(k => k.Parsed?.Counter ?? 0)
            .ThenBy(k => k.Key, StringComparer.Ordinal)
            .ToList();
        foreach (var (key, _) in leftovers)
        {
            var info = _local.GetObjectInfo(key);
            if (info is not null)
            {
                OnCompleted(key, info.Length, alreadyCounted: false);
            }
        }

        _loop = Task.Run(() => UploadLoopAsync(_stop.Token));
    }

    /// <summary>The objects under <paramref name="keyDirectory"/> still in the spool, then those already in the remote store.</summary>
    public async Task<IReadOnlyList<ListedObject>> ListAsync(string keyDirectory, CancellationToken cancellationToken)
    {
        var listed = (await _local.ListAsync(keyDirectory, cancellationToken).ConfigureAwait(false)).ToList();
        if (_uploader is IRemoteObjectLister remote)
        {
            var spooled = listed.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
            listed.AddRange((await remote.ListRemoteAsync(keyDirectory, cancellationToken).ConfigureAwait(false)).Where(o => !spooled.Contains(o.Key)));
        }

        return listed;
    }

    /// <inheritdoc />
    public async ValueTask<ISegmentWriter> OpenSegmentAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default)
    {
        var local = await _local.OpenSegmentAsync(metadata, cancellationToken).ConfigureAwait(false);
        return new SpooledSegmentWriter(local, this);
    }

    /// <inheritdoc />
    public async ValueTask WriteEmptyObjectAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default)
    {
        await _local.WriteEmptyObjectAsync(metadata, cancellationToken).ConfigureAwait(false);
        OnCompleted(metadata.Key, 0, alreadyCounted: false);
    }

    /// <summary>
    /// Stops uploading (and disposes the uploader when it is disposable); what is not uploaded stays in the
    /// spool for the next start.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        (_uploader as IDisposable)?.Dispose();
    }

    internal void OnBytesSpooled(long delta)
    {
        List<SpoolEntry>? dropped;
        lock (_gate)
        {
            _spooledBytes += delta;
            dropped = delta > 0 ? DropOldestWhileOverCapacity() : null;
        }

        Report(dropped);
    }

    internal void OnCompleted(string key, long length) => OnCompleted(key, length, alreadyCounted: true);

    private void OnCompleted(string key, long length, bool alreadyCounted)
    {
        List<SpoolEntry>? dropped;
        lock (_gate)
        {
            if (!alreadyCounted)
            {
                _spooledBytes += length;
            }

            _queue.AddLast(new SpoolEntry(key, length));
            dropped = DropOldestWhileOverCapacity();
        }

        Report(dropped);
        _wakeUp.Writer.TryWrite(true);
    }

    private List<SpoolEntry>? DropOldestWhileOverCapacity()
    {
        List<SpoolEntry>? dropped = null;
        while (_spooledBytes > _options.CapacityBytes && _queue.First is { } oldest)
        {
            _queue.RemoveFirst();
            oldest.Value.Dropped = true;
            oldest.Value.Upload?.Cancel();
            _spooledBytes -= oldest.Value.Length;
            _dropped++;
            _droppedBytes += oldest.Value.Length;
            (dropped ??= []).Add(oldest.Value);
        }

        return dropped;
    }

    private void Report(List<SpoolEntry>? dropped)
    {
        if (dropped is null)
        {
            return;
        }

        foreach (var entry in dropped)
        {
            if (!entry.InFlight)
            {
                DeleteLocal(entry.Key);
            }

            _logger.LogError("Spool full ({Capacity} bytes): dropped the oldest object {Key} ({Bytes} bytes) without uploading it", _options.CapacityBytes, entry.Key, entry.Length);
            ObjectDropped?.Invoke(entry.Key, entry.Length);
        }
    }

    private async Task UploadLoopAsync(CancellationToken stop)
    {
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            SpoolEntry? entry;
            lock (_gate)
            {
                entry = _queue.First?.Value;
                if (entry is not null)
                {
                    entry.InFlight = true;
                    entry.Upload = CancellationTokenSource.CreateLinkedTokenSource(stop);
                }
            }

            if (entry is null)
            {
                await _wakeUp.Reader.ReadAsync(stop).ConfigureAwait(false);
                continue;
            }

            // A stalled store (accepts the connection, never answers) must not hold the queue: each attempt is bounded.
            using var attemptTimeout = new CancellationTokenSource(_options.UploadTimeout, _time);
            using var cancelOnTimeout = attemptTimeout.Token.Register(static upload => CancelQuietly((CancellationTokenSource)upload!), entry.Upload);
            try
            {
                var info = _local.GetObjectInfo(entry.Key) ?? throw new FileNotFoundException($"spooled object {entry.Key} vanished");
                await _uploader.UploadAsync(info, entry.Upload!.Token).ConfigureAwait(false);
                failures = 0;
                Finish(entry, uploaded: true);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (entry.Dropped)
            {
                Finish(entry, uploaded: false);
            }
            catch (FileNotFoundException missing)
            {
                _logger.LogError(missing, "Spool: object {Key} is gone from the spool directory; skipping it", entry.Key);
                Finish(entry, uploaded: false);
            }
            catch (Exception failure)
            {
                failure = attemptTimeout.IsCancellationRequested && failure is OperationCanceledException
                    ? new TimeoutException($"upload of {entry.Key} did not finish within {_options.UploadTimeout}", failure)
                    : failure;
                failures++;
                var delay = _options.BackoffAfter(failures);
                lock (_gate)
                {
                    _failedAttempts++;
                    entry.InFlight = false;
                    entry.Upload?.Dispose();
                    entry.Upload = null;
                }

                if (entry.Dropped)
                {
                    DeleteLocal(entry.Key);
                }

                _logger.LogWarning(failure, "Spool: upload of {Key} failed (attempt {Attempt}), retrying in {Delay}", entry.Key, failures, delay);
                // The timer is armed before observers hear of the failure, so a test clock advanced from the
                // event handler always fires it.
                var retry = Task.Delay(delay, _time, stop);
                UploadFailed?.Invoke(entry.Key, failures, failure, delay);
                await retry.ConfigureAwait(false);
            }
        }
    }

    private static void CancelQuietly(CancellationTokenSource upload)
    {
        try
        {
            upload.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the attempt ended (and its source was disposed) just as the timeout fired
        }
    }

    private void Finish(SpoolEntry entry, bool uploaded)
    {
        lock (_gate)
        {
            entry.InFlight = false;
            entry.Upload?.Dispose();
            entry.Upload = null;
            if (!entry.Dropped)
            {
                _queue.Remove(entry);
                _spooledBytes -= entry.Length;
                if (uploaded)
                {
                    _uploaded++;
                }
            }
        }

        DeleteLocal(entry.Key);
        if (uploaded)
        {
            ObjectUploaded?.Invoke(entry.Key);
        }
    }

    private void DeleteLocal(string key)
    {
        try
        {
            _local.DeleteObject(key);
        }
        catch (IOException error)
        {
            _logger.LogWarning(error, "Spool: could not delete {Key} from the spool directory", key);
        }
    }
}
