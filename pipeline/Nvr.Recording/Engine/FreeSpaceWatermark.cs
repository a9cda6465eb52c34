using Nvr.Storage.Configuration;
using Nvr.Storage.Index;
using Nvr.Storage.Retention;

namespace Nvr.Recording.Engine;

/// <summary>
/// The disk-space watermark of the engine (seed 5.3.1 lets the device delete recorded data to free space): for every
/// local file system, while it has less than <see cref="EngineSettings.MinimumFreeBytes"/> available, the oldest
/// indexed segment of any recording on the local storages of that file system is deleted. External storages (S3) are never touched;
/// their spool is bounded by its own capacity.
/// </summary>
public sealed class FreeSpaceWatermark
{
    private readonly RetentionEnforcer _enforcer;
    private readonly StorageCatalog _storages;
    private readonly long _minimumFreeBytes;
    private readonly IFreeSpaceProbe _probe;

    public FreeSpaceWatermark(RetentionEnforcer enforcer, EngineSettings settings)
    {
        _enforcer = enforcer;
        _storages = settings.Storages;
        _minimumFreeBytes = settings.MinimumFreeBytes;
        _probe = settings.FreeSpace;
    }

    /// <summary>Deletes oldest segments until every local storage has the watermark free; returns the deleted ranges.</summary>
    /// <param name="failed">Called with the storage token and the error when a storage's free space cannot be measured or freed.</param>
    public IReadOnlyList<RecordedRange> Enforce(Action<string, Exception> failed)
    {
        if (_minimumFreeBytes <= 0)
        {
            return [];
        }

        var deleted = new List<RecordedRange>();
        // Storages on one file system share its free space: the oldest segment among them goes first, never one of
        // another disk. A storage directory that does not exist yet holds nothing (nothing was recorded there).
        var fileSystems = _storages.All.OfType<LocalStorageConfiguration>()
            .Where(local => Directory.Exists(local.Directory))
            .GroupBy(local => MountPoint.Of(local.Directory), StringComparer.Ordinal);
        foreach (var fileSystem in fileSystems)
        {
            var first = fileSystem.First();
            try
            {
                deleted.AddRange(_enforcer.EnforceFreeSpace(first.Directory, _minimumFreeBytes, _probe, fileSystem.Select(l => l.Token).ToList()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed(first.Token, e);
            }
        }

        return RecordedRange.Merge(deleted);
    }
}
