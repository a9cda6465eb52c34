using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Evaluation;

/// <summary>
/// The state of a schedule at an instant and the first later instant at which it changes (UTC), or null when
/// it does not change within <see cref="ScheduleEvaluator.Horizon"/>.
/// </summary>
public sealed record ScheduleStatus(ScheduleState State, DateTimeOffset? NextTransition);
