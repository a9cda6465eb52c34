using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Tracking;

/// <summary>
/// A schedule's state at <see cref="At"/> differs from the last one reported (topic tns1:Schedule/State/Active).
/// <see cref="Initial"/> marks the first report after a schedule starts being tracked.
/// </summary>
public sealed record ScheduleStateChanged(string Token, string Name, ScheduleState State, DateTimeOffset At, bool Initial);
