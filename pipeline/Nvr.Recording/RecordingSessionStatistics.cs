namespace Nvr.Recording;

/// <summary>Counters of a <see cref="RecordingSession"/> (a snapshot).</summary>
/// <param name="UnitsReceived">Access units read from the sources.</param>
/// <param name="SamplesWritten">Samples handed to the segment writers.</param>
/// <param name="UnitsDiscarded">Units released unwritten: no route, waiting for the first key frame, before the previous span end, incompatible track.</param>
/// <param name="WriterDroppedSamples">Samples the writers refused (non-increasing time, before the origin, ...).</param>
/// <param name="SegmentsCompleted">Segment objects completed.</param>
/// <param name="SpansClosed">Spans closed.</param>
/// <param name="BytesWritten">Bytes of the completed segments.</param>
/// <param name="StorageFailures">Sink operations that failed.</param>
/// <param name="HeldUnits">Event recording: access units held now in the pre-event ring.</param>
/// <param name="HeldBytes">Event recording: payload bytes held now in the pre-event ring.</param>
/// <param name="PreEventUnitsReleased">
/// Event recording: held units released unwritten because they aged out of the pre-event time, preceded the start
/// of a window, or were held when gating was disabled or the timeline ended.
/// </param>
/// <param name="PreEventGopsDropped">Event recording: whole GOPs dropped from the ring because it reached its byte cap.</param>
/// <param name="SinkBacklogBytes">Fragment bytes queued for the storage's writer thread and not written yet.</param>
/// <param name="SinkBacklogWaits">Times the loop stopped taking units because that backlog was over its bound.</param>
public sealed record RecordingSessionStatistics(
    long UnitsReceived,
    long SamplesWritten,
    long UnitsDiscarded,
    long WriterDroppedSamples,
    long SegmentsCompleted,
    long SpansClosed,
    long BytesWritten,
    long StorageFailures,
    long HeldUnits = 0,
    long HeldBytes = 0,
    long PreEventUnitsReleased = 0,
    long PreEventGopsDropped = 0,
    long SinkBacklogBytes = 0,
    long SinkBacklogWaits = 0);
