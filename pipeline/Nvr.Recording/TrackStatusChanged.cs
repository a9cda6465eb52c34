namespace Nvr.Recording;

/// <summary>A recording track's data-path state changed (raised on the session loop).</summary>
/// <param name="Track">The recording track token.</param>
/// <param name="State">New state.</param>
/// <param name="Reason">For <see cref="TrackRecordingState.Error"/>: why (e.g. <see cref="TrackErrorReasons.IncompatibleStream"/>).</param>
public sealed record TrackStatusChanged(string Track, TrackRecordingState State, string? Reason);
