using Nvr.Storage.Keys;

namespace Nvr.Recording;

/// <summary>A span was closed and its <c>_end</c> object written (B.5).</summary>
/// <param name="Kind">Span kind.</param>
/// <param name="EndKey">Key of the span end object (null when the span held no segment).</param>
/// <param name="StartUtc">First sample of the span.</param>
/// <param name="EndUtc">End of the last sample of the span.</param>
/// <param name="Segments">Number of segments the span holds.</param>
/// <param name="Reason">Why it closed.</param>
public sealed record SpanClosed(SpanKind Kind, string? EndKey, DateTime StartUtc, DateTime EndUtc, long Segments, SpanCloseReason Reason);
