using Amazon.S3;
using Nvr.Storage.Configuration;

namespace Nvr.Storage.Export;

/// <summary>
/// Reads whole recorded segment objects back for export: from a local storage's directory, or from S3 (a segment
/// still waiting in the spool is read there). One object at a time, so memory is bounded by one segment.
/// </summary>
public sealed class RecordedObjectReader
{
    private readonly StorageCatalog _storages;
    private readonly string _spoolRoot;

    /// <param name="storages">The configured storages (the <c>--storage</c> bindings).</param>
    /// <param name="spoolRoot">The S3 spool root (objects not uploaded yet are read there).</param>
    public RecordedObjectReader(StorageCatalog storages, string spoolRoot)
    {
        _storages = storages;
        _spoolRoot = spoolRoot;
    }

    /// <summary>The bytes of object <paramref name="key"/> of storage <paramref name="storageToken"/>.</summary>
    /// <exception cref="FileNotFoundException">The object is gone (deleted, or the storage is not configured).</exception>
    public async Task<byte[]> ReadAsync(string storageToken, string key, CancellationToken cancellationToken)
    {
        if (!_storages.TryGet(storageToken, out var configuration))
        {
            throw new FileNotFoundException($"storage '{storageToken}' is not configured", key);
        }

        switch (configuration)
        {
            case LocalStorageConfiguration local:
                return await File.ReadAllBytesAsync(ExportPaths.Under(local.Directory, key), cancellationToken).ConfigureAwait(false);
            case S3StorageConfiguration s3:
                var spooled = ExportPaths.Under(Path.Combine(Path.GetFullPath(_spoolRoot), StorageSinkFactory.SafeDirectoryName(s3.Token)), key);
                if (File.Exists(spooled))
                {
                    return await File.ReadAllBytesAsync(spooled, cancellationToken).ConfigureAwait(false);
                }

                using (var client = S3.S3ClientFactory.Create(s3))
                {
                    try
                    {
                        using var response = await client.GetObjectAsync(s3.Bucket, key, cancellationToken).ConfigureAwait(false);
                        using var buffer = new MemoryStream(checked((int)Math.Max(0, response.ContentLength)));
                        await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                        return buffer.ToArray();
                    }
                    catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        throw new FileNotFoundException($"object {key} is not in bucket {s3.Bucket}", key, e);
                    }
                }

            default:
                throw new FileNotFoundException($"storage '{storageToken}' cannot be read", key);
        }
    }
}
