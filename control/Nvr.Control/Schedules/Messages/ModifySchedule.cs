using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies ScheduleSaved or ScheduleRejected.</summary>
public sealed record ModifySchedule(Schedule Schedule);
