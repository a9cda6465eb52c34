using Nvr.Storage.Local;

namespace Nvr.Storage.Sinks;

/// <summary>
/// A segment writer whose abandoned segment can be finalized while the process runs, as the sink's crash recovery
/// finalizes one a crash left partial (docs/storage.md, "Crash recovery"; docs/cluster.md, "Writer lease"): the caller
/// stopped writing it (its writer lease was lost) and will never complete it. Local disk and the S3 spool implement it.
/// </summary>
public interface IRecoverableSegmentWriter : ISegmentWriter
{
    /// <summary>
    /// Finalizes the segment with exactly the fragments written so far (each whole: a write is one fragment, and a
    /// failed write aborts the segment), made durable first, so the cut is at the end of the last fragment written:
    /// the sidecar gets the media time <paramref name="measureDuration"/> reads from the cut file as its Duration, the
    /// file is renamed to its key, and a spooling sink queues it for upload. A segment without any fragment is deleted
    /// (null), as crash recovery deletes one. The writer is finished afterwards (not to be completed or aborted).
    /// </summary>
    ValueTask<RecoveredSegment?> RecoverAsync(Func<string, TimeSpan?>? measureDuration, CancellationToken cancellationToken = default);
}
