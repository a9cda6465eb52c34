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

    /// <summary>Video frames held back to rebuild decode times from presentation times (≥ the B-frame reorder depth).</summary>
    public int ReorderLookahead { get; init; } = 4;

    /// <summary>A presentation time jumping by more than this (either way) is a new timeline: the spans are closed.</summary>
    public TimeSpan MaxTimelineJump { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Event recording: the most bytes of compressed media the pre-event ring may hold (per session). Beyond it the
    /// oldest whole GOP is dropped and counted (<see cref="RecordingSessionStatistics.PreEventGopsDropped"/>).
    /// </summary>
    public long PreEventMaxBytes { get; init; } = 64L * 1024 * 1024;
}
