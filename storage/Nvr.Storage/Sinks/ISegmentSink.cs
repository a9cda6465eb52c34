namespace Nvr.Storage.Sinks;

/// <summary>
/// Destination of Annex B segment objects (local disk, or S3 through a local spool). Knows nothing of
/// MP4: it receives byte chunks.
/// </summary>
public interface ISegmentSink
{
    /// <summary>Opens a new segment object to be written fragment by fragment.</summary>
    ValueTask<ISegmentWriter> OpenSegmentAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>Stores an empty object, e.g. a span end object (B.5).</summary>
    ValueTask WriteEmptyObjectAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default);
}
