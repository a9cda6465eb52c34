namespace Nvr.Control.Events;

/// <summary>Published by the recording engine when a span of a recording was closed (with its span end object key).</summary>
public sealed record SpanEndedEvent(string RecordingToken, string? EndKey, DateTime StartUtc, DateTime EndUtc, long Segments, string Reason);
