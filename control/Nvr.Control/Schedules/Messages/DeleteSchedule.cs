using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies ScheduleDeleted or ScheduleRejected.</summary>
public sealed record DeleteSchedule(string Token);
