using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SpecialDayGroupSaved or ScheduleRejected.</summary>
public sealed record CreateSpecialDayGroup(SpecialDayGroup Draft);
