namespace Nvr.Recording;

/// <summary>Tuning of a <see cref="RecordingSession"/> (defaults suit cameras).</summary>
public sealed record RecordingSessionOptions
{
    /// <summary>
    /// Capacity of the hand-off between the sources and the session loop. When it is full the pumps wait, so the
    /// sources' own bounded channels fill up and apply their policy (an ingest's <c>AccessUnitChannel</c> drops
    /// whole GOPs and counts them). Memory is bounded by this plus the sources' capacities.
    /// </summary>
    public int HandOffCapacity { get; init; } = 64;

    /// <summary>
    /// Bytes of fragments the session may have queued for its storage's writer thread and not yet written. Above it
    /// the loop takes no more units until the storage catches up: they wait in the hand-off, then the ingest's
    /// channel drops whole GOPs and counts them (the thread that queued them never blocks). One fragment larger than
    /// this is still taken when the backlog is empty.
    /// </summary>
    public long SinkBacklogMaxBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>Video frames held back to rebuild decode times from presentation times (≥ the B-frame reorder depth).</summary>
    public int ReorderLookahead { get; init; } = 4;

    /// <summary>A presentation time jumping by more than this (either way) is a new timeline: the spans are closed.</summary>
    public TimeSpan MaxTimelineJump { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How much media the first units of a timeline are held (at most) for the first RTCP sender report, so the span
    /// timeline is anchored on the camera's clock; without a report by then, arrival time anchors it. Zero: no wait.
    /// </summary>
    public TimeSpan FirstSenderReportWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bound of the slew of a span timeline towards the source clock, in millionths of media time: each segment cut
    /// moves the timeline by at most this much of the media time since the previous cut (100 ppm: 0.4 ms per 4 s).
    /// </summary>
    public int MaxSlewPpm { get; init; } = 100;

    /// <summary>A source clock further than this from the span timeline is a step: the span is closed and a new one anchored.</summary>
    public TimeSpan MaxClockStep { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Event recording: the most bytes of compressed media the pre-event ring may hold (per session). Beyond it the
    /// oldest whole GOP is dropped and counted (<see cref="RecordingSessionStatistics.PreEventGopsDropped"/>).
    /// </summary>
    public long PreEventMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// End of the recording's previous span (UTC), when there is one: the session's first span starts at its first
    /// key frame at or after it, so spans of a recording never overlap. Null: no bound.
    /// </summary>
    public DateTime? NotBeforeUtc { get; init; }

    /// <summary>
    /// The writer lease the storage writes run under (cluster mode): while it is not held the writer thread writes
    /// nothing of this session: a segment that misses a fragment is never completed as the session ends it: it is
    /// recovered at its last fragment written under the lease, as the sink's crash recovery would, and reported as a
    /// completed segment with <see cref="SegmentCompleted.Recovered"/>; no span end object is written. Null: always.
    /// </summary>
    public Nvr.Pipeline.Ingest.WriterLease? Lease { get; init; }
}
