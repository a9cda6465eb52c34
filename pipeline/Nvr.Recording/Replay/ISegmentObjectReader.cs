using Nvr.Storage.Configuration;

namespace Nvr.Recording.Replay;

/// <summary>Reads a stored segment object whole (replay reads one segment at a time, with one prefetched).</summary>
public interface ISegmentObjectReader
{
    Task<byte[]> ReadAsync(string storage, string key, CancellationToken cancellationToken);
}

/// <summary>Reads segment objects of local storages from disk; objects of other storages are an <see cref="IOException"/>.</summary>
public sealed class LocalSegmentObjectReader : ISegmentObjectReader
{
    private readonly StorageCatalog _storages;

    public LocalSegmentObjectReader(StorageCatalog storages) => _storages = storages;

    public Task<byte[]> ReadAsync(string storage, string key, CancellationToken cancellationToken)
    {
        if (!_storages.TryGet(storage, out var configuration) || configuration is not LocalStorageConfiguration local)
        {
            throw new IOException($"storage {storage} is not a local storage; its segment {key} cannot be read for replay");
        }

        var root = Path.GetFullPath(local.Directory);
        var path = Path.GetFullPath(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new IOException($"segment key {key} leaves its storage");
        }

        return File.ReadAllBytesAsync(path, cancellationToken);
    }
}
