namespace Nvr.Storage.Local;

/// <summary>A complete object held by a <see cref="LocalDiskSink"/>, with its sidecar metadata.</summary>
/// <param name="Key">Object key.</param>
/// <param name="Path">Absolute path of the data file.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ContentType">Content type given when the object was written.</param>
/// <param name="Attributes">B.9 attributes (Table B.1 names) as stored.</param>
public sealed record StoredObjectInfo(
    string Key,
    string Path,
    long Length,
    string ContentType,
    IReadOnlyDictionary<string, string> Attributes);
