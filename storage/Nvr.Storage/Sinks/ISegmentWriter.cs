namespace Nvr.Storage.Sinks;

/// <summary>
/// One segment object being written: fragments are appended in order, then the segment is completed
/// (it becomes visible under its key) or aborted (nothing is presented under the key).
/// Disposing a writer that was neither completed nor aborted leaves it as after a crash: what the sink
/// guarantees for recovery is kept (see the sink).
/// </summary>
public interface ISegmentWriter : IAsyncDisposable
{
    /// <summary>The segment's metadata as given when it was opened.</summary>
    SegmentMetadata Metadata { get; }

    /// <summary>Bytes accepted so far.</summary>
    long Length { get; }

    /// <summary>
    /// Appends one fragment given as a list of chunks, written vectored. When the returned task
    /// completes the fragment is durable (a recovery point). The chunks may be reused afterwards.
    /// </summary>
    ValueTask WriteFragmentAsync(IReadOnlyList<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes the segment. <paramref name="finalDuration"/>, when given, is stored as the B.9
    /// Duration attribute (the duration is known only now).
    /// </summary>
    ValueTask CompleteAsync(TimeSpan? finalDuration = null, CancellationToken cancellationToken = default);

    /// <summary>Discards the segment.</summary>
    ValueTask AbortAsync(CancellationToken cancellationToken = default);
}
