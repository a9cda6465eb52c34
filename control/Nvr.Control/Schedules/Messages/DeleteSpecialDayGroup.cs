using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SpecialDayGroupDeleted or ScheduleRejected.</summary>
public sealed record DeleteSpecialDayGroup(string Token);
