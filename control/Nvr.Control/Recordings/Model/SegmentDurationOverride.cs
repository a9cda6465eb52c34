namespace Nvr.Control.Recordings.Model;

/// <summary>An active OverrideSegmentDuration request (seed 5.24): the target duration until <see cref="ExpiresAtUtc"/>.</summary>
public sealed record SegmentDurationOverride(TimeSpan Duration, DateTimeOffset ExpiresAtUtc);
