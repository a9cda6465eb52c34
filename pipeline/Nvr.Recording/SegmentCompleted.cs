using Nvr.Storage.Index;
using Nvr.Storage.Keys;

namespace Nvr.Recording;

/// <summary>A segment object was completed in the sink (for the recorded-range index).</summary>
/// <param name="Key">Annex B object key.</param>
/// <param name="Kind">Span kind (extension).</param>
/// <param name="Tracks">Recording track tokens contained.</param>
/// <param name="StartUtc">UTC of the first sample (inclusive).</param>
/// <param name="EndUtc">UTC of the end of the last sample (exclusive).</param>
/// <param name="Bytes">Size of the object.</param>
/// <param name="Stored">False when the sink failed and the object was aborted.</param>
/// <param name="Parameters">The codec parameters of each of <paramref name="Tracks"/> (same order; null: not known, e.g. metadata).</param>
/// <param name="Recovered">
/// The segment was cut by the loss of the writer lease and recovered at its last fragment written under the lease
/// (docs/cluster.md, "Writer lease"): <paramref name="EndUtc"/> and <paramref name="Bytes"/> are those of the cut file.
/// </param>
public sealed record SegmentCompleted(
    string Key,
    SpanKind Kind,
    IReadOnlyList<string> Tracks,
    DateTime StartUtc,
    DateTime EndUtc,
    long Bytes,
    bool Stored,
    IReadOnlyList<TrackParameters?>? Parameters = null,
    bool Recovered = false);
