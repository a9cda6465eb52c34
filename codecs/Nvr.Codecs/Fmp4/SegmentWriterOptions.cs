namespace Nvr.Codecs.Fmp4;

/// <summary>Fragmenting policy of a segment writer.</summary>
public sealed record SegmentWriterOptions
{
    /// <summary>
    /// A fragment is closed when the primary track (the video track, else the first track) has reached this
    /// duration; it is the recovery point: on power loss at most one fragment is lost. Default 1 s.
    /// </summary>
    public TimeSpan FragmentDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A new segment is started at the first key frame of the primary track at or after this duration
    /// (Annex B.3 SegmentDuration). Default 60 s.
    /// </summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>CMAF only: write an <c>mfra</c> trailer (always written for MP4, where Annex B.6 requires it). Default true.</summary>
    public bool WriteMfra { get; init; } = true;

    /// <summary>Samples that may wait per secondary track (audio/metadata) before new ones are dropped. Default 4096.</summary>
    public int MaxPendingSamplesPerTrack { get; init; } = 4096;
}
