using Nvr.Storage.Sinks;

namespace Nvr.Recording.Writing;

internal enum SinkOperationKind
{
    Open,
    Write,
    Complete,
    SpanEnd,
    Barrier,
}

/// <summary>
/// One sink call queued by a session for its storage's <see cref="SinkWriterThread"/> (a value: queuing allocates
/// nothing). <see cref="Buffer"/> of a write is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and
/// returned by the writer thread once written; <see cref="Length"/> counts in the session's backlog until then.
/// </summary>
internal readonly record struct SinkOperation(
    SinkOperationKind Kind,
    SessionSinkQueue Owner,
    SinkSegment? Segment = null,
    byte[]? Buffer = null,
    int Length = 0,
    SegmentMetadata? Metadata = null,
    TimeSpan? Duration = null,
    SegmentCompleted? Completed = null,
    SpanClosed? Span = null,
    Action? Barrier = null);

/// <summary>One segment object as the writer thread sees it (only that thread touches it after it was queued).</summary>
internal sealed class SinkSegment
{
    public ISegmentWriter? Writer { get; set; }

    /// <summary>A sink call of this segment failed: it was aborted, later writes are skipped, it is never completed.</summary>
    public bool Failed { get; set; }

    /// <summary>
    /// A call of this segment came while the writer lease was not held: later writes are skipped and it is never
    /// completed; when the session ends it, it is recovered at its last fragment written under the lease (as the sink's
    /// crash recovery would), or left as a crash leaves it on a sink that cannot recover while running.
    /// </summary>
    public bool Fenced { get; set; }
}

/// <summary>What the writer thread hands back to the session loop, in the order it happened (one of the three is set).</summary>
internal readonly record struct SinkResult(SegmentCompleted? Segment = null, SpanClosed? Span = null, Exception? Failure = null);
