using Nvr.Storage.Configuration;

namespace Nvr.Storage.Export;

/// <summary>
/// Where exported files go: a configured storage (local directory or S3 bucket) plus a relative path. A file is
/// written under a temporary name (<c>&lt;name&gt;.partial</c> next to its final place for local storage, a
/// staging file then one upload for S3) and appears under its final name only when <see cref="ExportFile.CompleteAsync"/>
/// succeeds, so a failed or stopped export never leaves a file presented as complete.
/// </summary>
public sealed class ExportDestination
{
    private readonly StorageConfiguration _storage;
    private readonly string _relativePath;
    private readonly string _stagingDirectory;

    private ExportDestination(StorageConfiguration storage, string relativePath, string stagingDirectory)
    {
        _storage = storage;
        _relativePath = relativePath;
        _stagingDirectory = stagingDirectory;
    }

    /// <summary>The storage token.</summary>
    public string StorageToken => _storage.Token;

    /// <summary>
    /// Resolves a destination; false (with a reason) when the storage token is unknown or the path is unsafe.
    /// <paramref name="stagingDirectory"/> holds S3 exports until they are uploaded.
    /// </summary>
    public static bool TryCreate(StorageCatalog storages, string storageToken, string? relativePath, string stagingDirectory,
        out ExportDestination? destination, out string reason)
    {
        destination = null;
        if (!storages.TryGet(storageToken, out var storage))
        {
            reason = $"storage '{storageToken}' is not configured";
            return false;
        }

        try
        {
            destination = new ExportDestination(storage, ExportPaths.CheckRelative(relativePath), stagingDirectory);
            reason = string.Empty;
            return true;
        }
        catch (ArgumentException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>The name a file gets at the destination (relative path + file name), as reported to clients.</summary>
    public string NameOf(string fileName) => _relativePath.Length == 0 ? fileName : $"{_relativePath}/{fileName}";

    /// <summary>Opens the temporary file of <paramref name="fileName"/>.</summary>
    public ExportFile Open(string fileName)
    {
        var name = NameOf(fileName);
        string final = _storage is LocalStorageConfiguration local ? ExportPaths.Under(local.Directory, name) : ExportPaths.Under(_stagingDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var partial = final + ".partial";
        var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        return new ExportFile(this, name, partial, final, stream);
    }

    internal async Task PublishAsync(ExportFile file, CancellationToken cancellationToken)
    {
        if (_storage is LocalStorageConfiguration)
        {
            File.Move(file.PartialPath, file.FinalPath, overwrite: true);
            return;
        }

        var s3 = (S3StorageConfiguration)_storage;
        using var client = S3.S3ClientFactory.Create(s3);
        using var uploader = new S3.S3ObjectUploader(client, s3.Bucket);
        var info = new FileInfo(file.PartialPath);
        await uploader.UploadAsync(new Local.StoredObjectInfo(file.Name, file.PartialPath, info.Length, "video/mp4", new Dictionary<string, string>()), cancellationToken).ConfigureAwait(false);
        File.Delete(file.PartialPath);
    }
}

/// <summary>One exported file being written (see <see cref="ExportDestination"/>).</summary>
public sealed class ExportFile : IAsyncDisposable
{
    private readonly ExportDestination _destination;
    private bool _completed;

    internal ExportFile(ExportDestination destination, string name, string partialPath, string finalPath, FileStream stream)
    {
        _destination = destination;
        Name = name;
        PartialPath = partialPath;
        FinalPath = finalPath;
        Stream = stream;
    }

    /// <summary>The file's name at the destination (relative path included).</summary>
    public string Name { get; }

    /// <summary>The stream to write the file to.</summary>
    public FileStream Stream { get; }

    internal string PartialPath { get; }

    internal string FinalPath { get; }

    /// <summary>Flushes the file to disk and publishes it under its final name.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        Stream.Flush(flushToDisk: true);
        await Stream.DisposeAsync().ConfigureAwait(false);
        await _destination.PublishAsync(this, cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    /// <summary>Deletes the temporary file unless the file was completed.</summary>
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            File.Delete(PartialPath);
        }
    }
}
