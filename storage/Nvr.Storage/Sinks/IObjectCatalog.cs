namespace Nvr.Storage.Sinks;

/// <summary>A complete object found by listing a storage: its key, size and Duration attribute (null when it has none).</summary>
public sealed record ListedObject(string Key, long Bytes, TimeSpan? Duration);

/// <summary>
/// Lists the complete objects of a storage under one key "directory" (for example <c>site/2026-12-02/cam-5/13/</c>), so
/// the engine can find segments that were stored just before a crash but never reached the recorded-range index.
/// </summary>
public interface IObjectCatalog
{
    Task<IReadOnlyList<ListedObject>> ListAsync(string keyDirectory, CancellationToken cancellationToken);
}

/// <summary>The remote half of a spooled storage's catalog (implemented by the S3 uploader).</summary>
public interface IRemoteObjectLister
{
    Task<IReadOnlyList<ListedObject>> ListRemoteAsync(string keyDirectory, CancellationToken cancellationToken);
}
