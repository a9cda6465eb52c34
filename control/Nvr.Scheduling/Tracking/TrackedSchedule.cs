using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Tracking;

/// <summary>Mutable per-schedule bookkeeping of <see cref="ScheduleStateTracker"/> (guarded by its lock).</summary>
internal sealed class TrackedSchedule(CompiledSchedule schedule)
{
    public CompiledSchedule Schedule { get; set; } = schedule;

    public ScheduleState State { get; set; }

    public DateTimeOffset? NextTransition { get; set; }

    public ITimer? Timer { get; set; }
}
