namespace Nvr.Storage.Index;

/// <summary>One track's recorded range [Start, End) inside one stored segment object.</summary>
/// <param name="Recording">Recording token.</param>
/// <param name="Track">Track token.</param>
/// <param name="Start">UTC time of the first sample of the track in the segment.</param>
/// <param name="End">UTC end of the last sample of the track in the segment (exclusive).</param>
/// <param name="StorageToken">Storage configuration the object lives in.</param>
/// <param name="Key">Object key.</param>
/// <param name="Bytes">Object size in bytes.</param>
/// <param name="IsExternal">True for objects in an external target (S3): retention leaves those alone.</param>
public sealed record RecordedSegment(
    string Recording,
    string Track,
    DateTimeOffset Start,
    DateTimeOffset End,
    string StorageToken,
    string Key,
    long Bytes,
    bool IsExternal);
