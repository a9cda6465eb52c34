namespace Nvr.Storage.Spool;

/// <summary>Counters of a <see cref="SpoolingSink"/> at one moment.</summary>
/// <param name="SpooledBytes">Bytes currently on the spool disk (queued plus being written).</param>
/// <param name="QueuedObjects">Completed objects waiting for upload.</param>
/// <param name="UploadedObjects">Objects uploaded since start.</param>
/// <param name="FailedAttempts">Failed upload attempts since start.</param>
/// <param name="DroppedObjects">Objects dropped because the spool was full.</param>
/// <param name="DroppedBytes">Bytes dropped because the spool was full.</param>
public sealed record SpoolStatistics(
    long SpooledBytes,
    int QueuedObjects,
    long UploadedObjects,
    long FailedAttempts,
    long DroppedObjects,
    long DroppedBytes);
