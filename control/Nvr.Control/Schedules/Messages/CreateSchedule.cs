using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies ScheduleSaved (the book change) or ScheduleRejected.</summary>
public sealed record CreateSchedule(Schedule Draft);
