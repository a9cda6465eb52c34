using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Evaluation;

/// <summary>The merged intervals of one schedule inside an evaluation window.</summary>
internal sealed class ScheduleTimeline(InstantIntervalSet standard, InstantIntervalSet special, InstantIntervalSet specialActive)
{
    public ScheduleState StateAt(long ticks) => special.Contains(ticks)
        ? new ScheduleState(specialActive.Contains(ticks), true)
        : new ScheduleState(standard.Contains(ticks), false);

    public void AppendBoundaries(long after, long before, List<long> sink)
    {
        standard.AppendBoundaries(after, before, sink);
        special.AppendBoundaries(after, before, sink);
        specialActive.AppendBoundaries(after, before, sink);
    }
}
