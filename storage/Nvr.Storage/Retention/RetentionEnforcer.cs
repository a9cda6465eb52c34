using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Storage.Index;
using Nvr.Storage.Local;

namespace Nvr.Storage.Retention;

/// <summary>
/// Deletes local recorded data: by MaximumRetentionTime (segments that ended before now − limit) and by a
/// free-space watermark (oldest segments first, all recordings). Returns the deleted ranges per track so
/// the control layer can publish <c>tns1:RecordingConfig/DeleteTrackData</c>.
/// Objects in external targets (S3) are never deleted: the recording control spec states that deleting
/// recordings or tracks has no effect on data stored in external targets, and this class applies the same
/// reading to retention (those rows stay in the index).
/// </summary>
public sealed class RetentionEnforcer
{
    private readonly RecordedRangeIndex _index;
    private readonly Func<string, LocalDiskSink?> _localSinkByStorage;
    private readonly RetentionClock _clock;
    private readonly ILogger _logger;
    private readonly Func<string, string, bool> _inUse;

    /// <summary>Creates the enforcer.</summary>
    /// <param name="index">The recorded range index.</param>
    /// <param name="localSinkByStorage">The local sink of a storage token (null if that storage is not local).</param>
    /// <param name="timeProvider">Clock for "now".</param>
    /// <param name="logger">Logger.</param>
    /// <param name="inUse">(storage, key) of objects being read (a running export): never deleted while true.</param>
    public RetentionEnforcer(RecordedRangeIndex index, Func<string, LocalDiskSink?> localSinkByStorage, TimeProvider? timeProvider = null, ILogger<RetentionEnforcer>? logger = null,
        Func<string, string, bool>? inUse = null)
    {
        _inUse = inUse ?? ((_, _) => false);
        _index = index;
        _localSinkByStorage = localSinkByStorage;
        _clock = new RetentionClock(timeProvider ?? TimeProvider.System);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How far "now" of MaximumRetentionTime is behind the wall clock after forward steps of it (<see cref="RetentionClock"/>).</summary>
    public TimeSpan ClockLag => _clock.Lag;

    /// <summary>
    /// Deletes the local segments of <paramref name="recording"/> that lie entirely before
    /// now − <paramref name="maximumRetentionTime"/> (a segment straddling the limit is kept whole), "now" being the
    /// <see cref="RetentionClock"/>: a forward step of the host's wall clock does not age footage.
    /// A zero or negative limit means unlimited: nothing is deleted.
    /// </summary>
    public IReadOnlyList<RecordedRange> EnforceMaximumRetention(string recording, TimeSpan maximumRetentionTime)
    {
        if (maximumRetentionTime <= TimeSpan.Zero)
        {
            return [];
        }

        var now = _clock.Now(out var step);
        if (step > TimeSpan.Zero)
        {
            _logger.LogWarning("Retention: the wall clock stepped forward by {Step}; MaximumRetentionTime keeps counting monotonic time, {Lag} behind the wall clock, so that no footage is deleted as older than it is",
                step, _clock.Lag);
        }

        var cutoff = now - maximumRetentionTime;
        var deleted = new List<RecordedRange>();
        foreach (var (storage, key) in _index.GetLocalObjectsEndedBy(recording, cutoff))
        {
            if (_inUse(storage, key))
            {
                continue; // a running export reads it: the next pass after the export deletes it
            }

            DeleteObject(storage, key, deleted);
        }

        if (deleted.Count > 0)
        {
            _logger.LogInformation("Retention: deleted {Count} track ranges of {Recording} older than {Cutoff:O}", deleted.Count, recording, cutoff);
        }

        return RecordedRange.Merge(deleted);
    }

    /// <summary>
    /// While the file system of <paramref name="directory"/> has less than <paramref name="minimumFreeBytes"/>
    /// available, deletes the oldest local segment of any recording — of the <paramref name="storages"/> on that file
    /// system when given, so that a full disk never costs another disk's recordings.
    /// </summary>
    public IReadOnlyList<RecordedRange> EnforceFreeSpace(string directory, long minimumFreeBytes, IFreeSpaceProbe probe, IReadOnlyCollection<string>? storages = null)
    {
        var deleted = new List<RecordedRange>();
        while (probe.AvailableBytes(directory) < minimumFreeBytes)
        {
            var oldest = _index.GetOldestLocalObjects(64, storages).Where(o => !_inUse(o.Storage, o.Key)).Take(1).ToList();
            if (oldest.Count == 0)
            {
                _logger.LogError("Free space below {Minimum} bytes in {Directory} and no recorded segment left to delete", minimumFreeBytes, directory);
                break;
            }

            DeleteObject(oldest[0].Storage, oldest[0].Key, deleted);
        }

        if (deleted.Count > 0)
        {
            _logger.LogWarning("Free-space watermark: deleted {Count} oldest track ranges to keep {Minimum} bytes free", deleted.Count, minimumFreeBytes);
        }

        return RecordedRange.Merge(deleted);
    }

    private void DeleteObject(string storage, string key, List<RecordedRange> deleted)
    {
        var sink = _localSinkByStorage(storage);
        if (sink is null)
        {
            _logger.LogWarning("Retention: storage {Storage} of {Key} is not local any more; dropping it from the index only", storage, key);
        }
        else
        {
            sink.DeleteObject(key);
        }

        foreach (var row in _index.RemoveObject(storage, key))
        {
            deleted.Add(new RecordedRange(row.Recording, row.Track, row.Start, row.End));
        }
    }
}
