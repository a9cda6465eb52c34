using Nvr.Recording.Triggers;

namespace Nvr.Recording.Engine;

/// <summary>
/// What one <see cref="RecordingRunner"/> records: the recording's target and tracks, the sources that feed it and,
/// for a recording whose every job records on events only (seed 5.3.4), the compiled trigger of each job.
/// </summary>
/// <param name="EventTriggers">Per job token; null when the recording records continuously.</param>
public sealed record RunnerPlan(
    string RecordingToken,
    RecordingTarget Target,
    IReadOnlyList<RecordingTrack> Tracks,
    IReadOnlyList<RunnerSourcePlan> Sources,
    SegmentOverride? Override = null,
    IReadOnlyDictionary<string, EventTrigger>? EventTriggers = null);

/// <summary>An active segment duration override (seed 5.24): the target duration until <see cref="ExpiresAtUtc"/>.</summary>
public sealed record SegmentOverride(TimeSpan Duration, DateTimeOffset ExpiresAtUtc);
