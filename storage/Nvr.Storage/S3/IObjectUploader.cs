using Nvr.Storage.Local;

namespace Nvr.Storage.S3;

/// <summary>Uploads one complete, locally spooled object to its remote store.</summary>
public interface IObjectUploader
{
    /// <summary>Uploads <paramref name="item"/> (file, key, content type, attributes); throws on failure.</summary>
    Task UploadAsync(StoredObjectInfo item, CancellationToken cancellationToken);
}
