namespace Nvr.Recording;

/// <summary>Per-track state of the data path, as the job state needs it.</summary>
public enum TrackRecordingState
{
    /// <summary>No data written yet (or the source ended cleanly).</summary>
    Idle,

    /// <summary>Samples of this track are being written.</summary>
    Active,

    /// <summary>The track cannot be recorded; see the reason.</summary>
    Error,
}
